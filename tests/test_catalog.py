import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from motcua.accounts.models import User
from motcua.catalog.loader import CatalogError, read_reference, validate
from motcua.catalog.models import Procedure, ProcedureVersion, Publication
from motcua.catalog.search import search_versions
from motcua.catalog.services import load_catalog, new_version, publish_for_unit
from motcua.domain.fees import compute_fee
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    load_catalog(catalog())


def _names(query: str) -> list[str]:
    return sorted(v.name for v in search_versions(ProcedureVersion.objects.all(), query))


def test_loading_twice_writes_the_same_catalogue(loaded: None) -> None:
    created, written = load_catalog(catalog())
    assert (created, written) == (0, 3)
    assert Procedure.objects.count() == 3
    assert ProcedureVersion.objects.count() == 3
    version = ProcedureVersion.objects.get(procedure__code="2.000815")
    fee = version.fees.get()
    assert fee.cap == 200000
    assert compute_fee(fee.as_rule(), pages=3, copies=2) == 10_000
    assert version.steps.count() == 4
    assert version.components.count() == 1


def test_a_bad_row_stops_the_whole_load_and_names_every_problem() -> None:
    data = catalog()
    data["procedures"][1]["field"] = "XX"
    data["procedures"][2]["internal_process"][0]["share"] = 0.5
    with pytest.raises(CatalogError) as error:
        load_catalog(data)
    assert any(
        "Thủ tục thứ 2 (1.000894)" in p and "lĩnh vực “XX”" in p for p in error.value.problems
    )
    assert any("Thủ tục thứ 3" in p and "phải bằng 1" in p for p in error.value.problems)
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    "query", ["khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "1.001193"]
)
def test_search_finds_procedures_with_or_without_diacritics(loaded: None, query: str) -> None:
    assert _names(query) == ["Thủ tục đăng ký khai sinh"]


def test_search_needs_every_word(loaded: None) -> None:
    assert _names("dang ky") == ["Thủ tục đăng ký khai sinh", "Thủ tục đăng ký kết hôn"]
    assert _names("chung thuc khai sinh") == []


def test_a_new_version_takes_effect_from_its_date_and_the_old_one_stays(loaded: None) -> None:
    procedure = Procedure.objects.get(code="1.000894")
    old = procedure.version_on(dt.date(2024, 1, 1))
    assert old is not None
    created = new_version(old, dt.date(2026, 12, 1))
    created.time_limit_value = 5
    created.save()
    assert created.components.count() == 1
    assert created.steps.count() == 4
    assert procedure.version_on(dt.date(2026, 11, 30)) == old
    assert procedure.version_on(dt.date(2026, 12, 1)) == created
    assert old.time_limit_value == ProcedureVersion.objects.get(pk=old.pk).time_limit_value == 3
    with pytest.raises(ValueError, match="sau ngày áp dụng"):
        new_version(created, dt.date(2026, 1, 1))


def test_the_public_list_filters_by_field_and_online_level(client: Client, loaded: None) -> None:
    html = client.get("/thu-tuc/", {"field": "HT", "online": "partial"}).content.decode()
    assert "Thủ tục đăng ký kết hôn" in html
    assert "Thủ tục đăng ký khai sinh" not in html
    assert "Tìm thấy 1 thủ tục" in html
    html = client.get("/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in html
    assert "kết hôn" not in html


def test_htmx_search_returns_only_the_results(client: Client, loaded: None) -> None:
    response = client.get("/thu-tuc/", {"q": "chung thuc"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Thủ tục chứng thực bản sao từ bản chính" in html


def test_the_detail_page_shows_documents_fees_and_legal_basis(client: Client, loaded: None) -> None:
    html = client.get("/thu-tuc/2.000815/").content.decode()
    assert "Thủ tục chứng thực bản sao từ bản chính" in html
    assert "2.000 đồng/trang cho 2 trang đầu" in html
    assert "tối đa 200.000 đồng/bản" in html
    assert "Tờ khai theo mẫu" in html
    assert "TT 226/2016/TT-BTC" in html
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_the_notice_board_listing_groups_by_field(client: Client, loaded: None) -> None:
    html = client.get("/thu-tuc/in/").content.decode()
    assert html.index("CHỨNG THỰC") < html.index("HỘ TỊCH")
    assert "Lệ phí đăng ký khai sinh: miễn phí" in html
    assert "Phí chứng thực bản sao từ bản chính: 2.000 đồng/trang" in html


def test_publication_counts_per_unit(client: Client, loaded: None) -> None:
    load_reference_units()
    unit = Unit.objects.get(code="30406")
    assert publish_for_unit(unit, day=dt.date(2024, 5, 19)) == 3
    assert publish_for_unit(unit, day=dt.date(2024, 5, 19)) == 3
    assert Publication.objects.count() == 3
    html = client.get("/thu-tuc/cong-khai/").content.decode()
    assert "Thị trấn Phú Mỹ" in html


def test_the_admin_creates_a_new_version_from_a_date(
    client: Client, loaded: None, administrator: User
) -> None:
    client.force_login(administrator)
    version = ProcedureVersion.objects.get(procedure__code="1.000894")
    url = f"/quan-tri/catalog/procedureversion/{version.pk}/phien-ban-moi/"
    assert "Áp dụng từ ngày" in client.get(url).content.decode()
    response = client.post(url, {"valid_from": "2027-01-01"})
    assert response.status_code == 302
    assert version.procedure.versions.count() == 2
    response = client.post(url, {"valid_from": "2019-01-01"})
    assert "phải áp dụng từ sau ngày" in response.content.decode()
    assert version.procedure.versions.count() == 2


def test_the_admin_change_page_of_a_version_opens(
    client: Client, loaded: None, administrator: User
) -> None:
    client.force_login(administrator)
    version = ProcedureVersion.objects.get(procedure__code="2.000815")
    html = client.get(f"/quan-tri/catalog/procedureversion/{version.pk}/change/").content.decode()
    assert "Tạo phiên bản mới từ một ngày" in html
    assert "Phí chứng thực bản sao từ bản chính" in html


def test_catalog_load_command_reports_errors_in_vietnamese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text('{"fields": [], "procedures": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="Không nạp được danh mục"):
        call_command("catalog", "load", str(bad), stdout=io.StringIO())


def test_the_shipped_reference_catalogue_is_valid_and_complete() -> None:
    data = read_reference()
    assert validate(data) == []
    procedures = {row["code"]: row for row in data["procedures"]}
    for code in (
        "1.001193",
        "1.000894",
        "1.000656",
        "1.004873",
        "2.000635",
        "2.000815",
        "2.000884",
    ):
        assert procedures[code]["level"] == "commune"
    commune = [
        r for r in data["procedures"] if r["kind"] == "procedure" and r["level"] == "commune"
    ]
    assert len(commune) >= 60
    fields = {row["field"] for row in commune}
    assert {"CT", "HT", "BTXH", "NCC", "DD"} <= fields
    streams = {r["field"] for r in data["procedures"] if r["kind"] == "reporting_stream"}
    assert "TD" in streams
    assert all(row["sources"] for row in data["procedures"])
    groups = {(r["interlinked_group"], r["interlinked_order"]) for r in data["procedures"]}
    assert {(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)} <= groups
    copy_fee = procedures["2.000815"]["fees"][0]
    assert (copy_fee["per_page_first"], copy_fee["per_page_after"], copy_fee["cap"]) == (
        2000,
        1000,
        200000,
    )


def test_the_reference_catalogue_loads_and_a_commune_publishes_it(client: Client) -> None:
    call_command("catalog", "load", stdout=io.StringIO())
    load_reference_units()
    published = publish_for_unit(Unit.objects.get(code="30406"), day=dt.date(2024, 5, 19))
    assert published >= 50
    html = client.get("/thu-tuc/", {"q": "chung thuc ban sao"}).content.decode()
    assert "2.000815" in html


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("khai sinh", "Thủ tục đăng ký khai sinh"),
        ("Đăng ký khai sinh", "Thủ tục đăng ký khai sinh"),
        ("ket hon", "Thủ tục đăng ký kết hôn"),
        ("khai tu", "Thủ tục đăng ký khai tử"),
        ("1.000894", "Thủ tục đăng ký kết hôn"),
    ],
)
def test_the_procedure_a_person_means_comes_first(client: Client, query: str, first: str) -> None:
    load_reference_units()
    load_catalog(read_reference())
    page = client.get("/thu-tuc/", {"q": query}).content.decode()
    names = re.findall(r'<a href="/thu-tuc/[^"]+/">([^<]+)</a>', page)
    assert names[0] == first
    if query == "khai sinh":
        assert len(names) > 5  # the other birth procedures follow
