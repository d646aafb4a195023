"""The title of an electronic result: the result's own name, not the catalogue's entry."""

from __future__ import annotations

import pytest

from motcua.results.document import result_name


@pytest.mark.parametrize(
    ("catalogue", "name"),
    [
        ("Giấy khai sinh (bản chính và bản điện tử, KQ.G15.000031)", "Giấy khai sinh"),
        ("Bản sao chứng thực từ bản chính (KQ.G15.000021)", "Bản sao chứng thực từ bản chính"),
        ("Giấy chứng nhận kết hôn", "Giấy chứng nhận kết hôn"),
        ("Quyết định (có thời hạn) về việc cấp phép", "Quyết định (có thời hạn) về việc cấp phép"),
    ],
)
def test_a_result_is_titled_by_its_own_name_without_the_catalogue_code(
    catalogue: str, name: str
) -> None:
    assert result_name(catalogue) == name
