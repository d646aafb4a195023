"""Filling the birth registration e-form in a browser, as a citizen or an officer would."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page

from motcua.units.models import Unit


def pick_address(page: Page, field: str, commune: Unit, detail: str) -> None:
    """Province, then the commune (loaded for that province), then the street. A province
    already selected (pre-filled) is left alone: choosing it again reloads the communes, which
    would drop the commune picked meanwhile."""
    province = commune.province()
    assert province is not None
    picker = page.locator(f"[name=ef-{field}-province]")
    if picker.input_value() != province.code:
        picker.select_option(province.code)
    page.locator(f"[name=ef-{field}-commune] option[value='{commune.code}']").wait_for(
        state="attached"
    )
    page.locator(f"[name=ef-{field}-commune]").select_option(commune.code)
    page.locator(f"[name=ef-{field}]").fill(detail)


def fill_birth_eform(page: Page, commune: Unit, *, born: dt.date, child: str) -> None:
    """The child, the mother; the father not yet known. The requester's own fields are left as
    pre-filled, except an address the account does not have with its commune."""
    if page.locator("[name=ef-requester_residence-province]").count():
        pick_address(page, "requester_residence", commune, "Ấp Trung 3")
    page.locator("[name=ef-requester_relationship]").select_option("Mẹ")
    page.locator("[name=ef-child_name]").fill(child)
    page.locator("[name=ef-child_birth_date]").fill(born.strftime("%d/%m/%Y"))
    page.locator("[name=ef-child_sex]").select_option("Nam")
    page.locator("[name=ef-child_ethnicity]").select_option("Kinh")
    page.locator("[name=ef-child_nationality]").select_option("Việt Nam")
    pick_address(page, "child_birth_place", commune, "Trạm y tế xã")
    page.locator("[name=ef-child_hometown]").fill("Xã Phú Tân, tỉnh An Giang")
    page.locator("[name=ef-has_mother]").select_option("Có")
    page.locator("[name=ef-has_father]").select_option("Chưa xác định")
    page.locator("[name=ef-mother_name]").fill("Lê Thị Hồng")
    page.locator("[name=ef-mother_birth_year]").fill("1990")
    page.locator("[name=ef-mother_ethnicity]").select_option("Kinh")
    page.locator("[name=ef-mother_nationality]").select_option("Việt Nam")
    pick_address(page, "mother_residence", commune, "Ấp Trung 3")
