import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.domain.text import fold
from motcua.domain.vnformat import (
    amount_in_words,
    format_money,
    format_number,
    format_percent,
    nd30_date,
    number_in_words,
    parse_vn_date,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (12, "12"), (1652, "1.652"), (1234567, "1.234.567"), (-1652, "-1.652")],
)
def test_numbers_use_dot_groups(value: int, expected: str) -> None:
    assert format_number(value) == expected


def test_percentages_round_half_up_with_a_decimal_comma() -> None:
    assert format_percent(1642, 1652) == "99,39%"
    assert format_percent(Decimal("99.385"), 100) == "99,39%"  # Babel's half-even would say 99,38%
    assert format_percent(951, 1652) == "57,57%"  # the seed prints 57,56%
    assert format_percent(0, 0) == "—"


def test_money_is_written_in_dong() -> None:
    assert format_money(1652000) == "1.652.000 đồng"
    assert format_money(32835000) == "32.835.000 đồng"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2024, 5, 24), "ngày 24 tháng 5 năm 2024"),
        (dt.date(2024, 12, 9), "ngày 09 tháng 12 năm 2024"),
    ],
)
def test_dates_follow_decree_30(day: dt.date, expected: str) -> None:
    assert nd30_date(day) == expected


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (2_000_500, "hai triệu năm trăm"),
        (1_001_000, "một triệu không trăm linh một nghìn"),
        (1_000_000_001, "một tỷ không trăm linh một"),
        (
            123_456_789_012,
            "một trăm hai mươi ba tỷ bốn trăm năm mươi sáu triệu "
            "bảy trăm tám mươi chín nghìn không trăm mười hai",
        ),
        (10**12, "một nghìn tỷ"),
    ],
)
def test_numbers_in_words(number: int, words: str) -> None:
    assert number_in_words(number) == words


def test_amount_in_words_is_capitalised_and_ends_in_dong() -> None:
    assert amount_in_words(1_652_000) == "Một triệu sáu trăm năm mươi hai nghìn đồng"
    assert amount_in_words(105, zero_word="lẻ") == "Một trăm lẻ năm đồng"


# An independent oracle: read the words back into a number, the way a person adds them up.
_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def _parse_below_thousand(tokens: list[str]) -> int:
    value = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if token == "mười":
            value += 10
        elif token == "linh":
            pass
        elif nxt == "trăm":
            value += _UNITS[token] * 100
            index += 1
        elif nxt == "mươi":
            value += _UNITS[token] * 10
            index += 1
        else:
            value += _UNITS[token]
        index += 1
    return value


def _parse(words: str) -> int:
    tokens = words.split()
    if "tỷ" in tokens:
        last = len(tokens) - 1 - tokens[::-1].index("tỷ")
        return _parse(" ".join(tokens[:last])) * 10**9 + (
            _parse(" ".join(tokens[last + 1 :])) if tokens[last + 1 :] else 0
        )
    total = 0
    current: list[str] = []
    for token in tokens:
        if token == "triệu":
            total += _parse_below_thousand(current) * 10**6
            current = []
        elif token == "nghìn":
            total += _parse_below_thousand(current) * 10**3
            current = []
        else:
            current.append(token)
    return total + _parse_below_thousand(current)


@given(st.integers(min_value=0, max_value=10**15))
def test_words_read_back_to_the_same_number(number: int) -> None:
    assert _parse(number_in_words(number)) == number


@given(st.integers(min_value=1, max_value=10**15))
def test_every_inner_group_is_read_in_full(number: int) -> None:
    words = number_in_words(number).split()
    # "linh" only ever follows "trăm"; "mốt" and "lăm" only follow a tens word.
    for index, token in enumerate(words):
        if token == "linh":
            assert words[index - 1] == "trăm"
        if token == "mốt":
            assert words[index - 1] == "mươi"
        if token == "lăm":
            assert words[index - 1] in ("mươi", "mười")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ  KHAI SINH", "dang ky khai sinh"),
        ("Thủy/Thuỷ", "thuy/thuy"),
        ("Nguyễn Thị Ngọc Ánh", "nguyen thi ngoc anh"),
    ],
)
def test_folding_removes_diacritics_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_folding_treats_composed_and_decomposed_text_alike() -> None:
    import unicodedata

    word = "Chứng thực bản sao"
    assert fold(unicodedata.normalize("NFD", word)) == fold(word)


def test_dates_are_read_only_as_dd_mm_yyyy() -> None:
    assert parse_vn_date("05/01/2026") == dt.date(2026, 1, 5)
    assert parse_vn_date(" 29/02/2024 ") == dt.date(2024, 2, 29)
    for text in (
        "2026-01-05",
        "5/1/2026",
        "31/02/2026",
        "29/02/2023",
        "05/13/2026",
        "",
        "05/01/26",
    ):
        with pytest.raises(ValueError, match=r"."):
            parse_vn_date(text)
