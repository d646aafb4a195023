"""Citizens' fixtures: xã Phú Tân (active from 1/7/2025), a registered citizen, real files."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.services import load_catalog
from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import register_citizen
from motcua.domain.vntime import VN
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog

PASSWORD = "Mat-khau-cong-dan-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def on_a_monday_in_2026() -> Iterator[None]:
    """Monday 2 March 2026, 08:00 in Vietnam: xã Phú Tân exists, no holiday that week."""
    with time_machine.travel(vn(2026, 3, 2, 8, 0), tick=True):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT  # type: ignore[no-any-return]


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def reference(db: None) -> None:
    load_reference_units()
    data = catalog()
    # Birth registration with its real checklist shape: a form and a birth certificate.
    birth = data["procedures"][0]
    birth["components"] = [
        {**birth["components"][0], "name": "Tờ khai đăng ký khai sinh theo mẫu"},
        {
            **birth["components"][0],
            "name": "Giấy chứng sinh",
            "reusable": True,
        },
        {
            **birth["components"][0],
            "name": "Giấy tờ tùy thân",
            "copy_kind": "presented",
            "reusable": True,
        },
    ]
    data["procedures"].append(
        {
            **data["procedures"][1],
            "code": "9.999999",
            "name": "Thủ tục chỉ cung cấp thông tin",
            "online_level": "none",
            "channels": ["counter"],
        }
    )
    load_catalog(data)


@pytest.fixture
def phu_tan(reference: None) -> Unit:
    return Unit.objects.get(code="30406-2025")


@pytest.fixture
def citizen(reference: None) -> CitizenProfile:
    return register_citizen(
        personal_id="089190000123",
        full_name="Nguyễn Thị Ngọc Ánh",
        password=PASSWORD,
        phone="0912 345 678",
        email="anh@example.vn",
        birth_date=dt.date(1990, 3, 2),
        address="Ấp Trung 3, xã Phú Tân",
    )


@pytest.fixture
def other_citizen(reference: None) -> CitizenProfile:
    return register_citizen(
        personal_id="089085000456",
        full_name="Trần Văn Hùng",
        password=PASSWORD,
        birth_date=dt.date(1985, 1, 1),
    )


@pytest.fixture
def officer(phu_tan: Unit) -> User:
    return create_or_update_staff(
        username="tiepnhan",
        full_name="Nguyễn Thị Lan",
        role=Role.RECEIVING_OFFICER,
        password=PASSWORD,
        unit=phu_tan,
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stream(content: bytes, name: str = "tep.pdf") -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer
