"""Dates typed on pages: one reader (domain.vnformat.typed_date), no browser date picker."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from motcua.domain.vnformat import TypedDateError, typed_date, typed_period

SRC = Path(__file__).resolve().parents[2] / "src" / "motcua"
DEFAULT = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_a_day_first_date_is_read_and_empty_gives_the_default() -> None:
    assert typed_date("31/01/2024", "Từ ngày") == dt.date(2024, 1, 31)
    assert typed_date(" 01/02/2024 ", "Từ ngày") == dt.date(2024, 2, 1)
    assert typed_date("", "Từ ngày", dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)
    assert typed_date(None, "Từ ngày", dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)
    assert typed_period("01/01/2024", "31/01/2024") == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert typed_period("", "", DEFAULT) == DEFAULT
    assert typed_period("01/03/2024", "", DEFAULT) == (dt.date(2024, 3, 1), DEFAULT[1])


@pytest.mark.parametrize("typed", ["2024-01-31", "1/2/2024", "31/02/2024", "31-01-2024", "abc"])
def test_anything_else_is_refused_in_vietnamese_naming_the_field(typed: str) -> None:
    with pytest.raises(TypedDateError) as caught:
        typed_date(typed, "Đến ngày")
    assert str(caught.value) == (
        f"“Đến ngày” không đúng: “{typed}”. Viết ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), "
        "ví dụ 15/12/2023."
    )


def test_an_empty_date_without_a_default_and_a_reversed_period_are_refused() -> None:
    with pytest.raises(TypedDateError, match="Nhập “Tính đến ngày” theo dạng ngày/tháng/năm"):
        typed_date("  ", "Tính đến ngày")
    with pytest.raises(TypedDateError, match=r"“Đến ngày” phải sau hoặc bằng “Từ ngày”\."):
        typed_period("31/01/2024", "01/01/2024")


def test_no_page_uses_the_browser_date_picker_or_reads_a_year_first_query() -> None:
    """<input type="date"> shows the browser's locale and posts year-first; pages type day first."""
    pickers = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.html")
        if re.search(r"type=[\"']?date\b", p.read_text(encoding="utf-8"))
    ]
    assert pickers == []
    iso_reads = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if re.search(r"fromisoformat\(\s*(request|params)\.", p.read_text(encoding="utf-8"))
    ]
    assert iso_reads == []
