"""The demo commune gives the seed report's figures; the dashboard and API show the same numbers."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.indicators import Ratio
from motcua.dossiers.models import Dossier
from motcua.reports.indicators import compute
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
SEED = {"unit": "30406", "from": "2023-12-15", "to": "2024-05-19"}
START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_commune_gives_the_seed_figures(demo: None) -> None:
    report = compute(Unit.objects.get(code="30406"), START, END)
    f = report.inputs.figures
    # I.6: 1.652 received, 1.640 online, 12 at the counter or by post; 1.642 early, 10 on time
    assert (f["accepted"], f["accepted_online"], f["accepted_counter"] + f["accepted_postal"]) == (
        1652,
        1640,
        12,
    )
    assert (f["resolved_early"], f["resolved_on_time"], f["resolved_late"]) == (1642, 10, 0)
    # I.10: 1.646 online submissions, 695 partly and 951 fully online; 1.390 e-certified copies
    assert (f["submitted_online"], f["submitted_partial"], f["submitted_full"]) == (1646, 695, 951)
    assert f["e_certified_copies"] == 1390
    # I.9: fees online 32.835.000 đồng (1.513 dossiers), at the desk 648.000 đồng; I.6.b: 7 by post
    assert (f["fees_online"], f["fees_online_dossiers"], f["fees_desk"]) == (
        32_835_000,
        1513,
        648_000,
    )
    assert f["returned_by_post"] == 7
    # I.15: digitisation 82,4%; progress 100%; publicity (at the desk and on the portal) 100%
    by_code = {c.component.code: c for g in report.index.groups for c in g.components}
    assert by_code["DIGITISED"].percent == "82,38%"
    assert report.inputs.digitised is not None
    # the demo's ratings (feedback/demo.py) and PAKN (none in the seed's period, report I.5)
    assert report.inputs.satisfaction == Ratio(166, 166)
    assert report.inputs.pakn_on_time == Ratio(0, 0)
    digitised = report.inputs.digitised
    assert round(Decimal(digitised.numerator * 100) / digitised.denominator, 1) == Decimal("82.4")
    assert by_code["ON_TIME"].percent == "100,00%"
    assert by_code["ON_TIME"].score == 20
    assert by_code["PUBLIC_UPDATE_ON_TIME"].percent == "100,00%"
    # NQ 02 II.6: electronic certified copies 100%; NQ 01 row 3: online dossiers ≥ 50% met
    verdicts = {(t.target.document[14:16], t.target.row): t for t in report.targets}
    assert verdicts[("02", "II.6")].percent == "100,00%"
    assert verdicts[("02", "II.6")].verdict == "Đạt"
    assert verdicts[("01", "3")].percent == "99,27%"  # 1.640 / 1.652 (the seed: 951 / 1.652)
    assert verdicts[("01", "3")].verdict == "Đạt"
    # imported history counts as synced (MOTCUA_PORTAL_IMPORTED_AS_SYNCED, docs/portal-sync.md)
    assert verdicts[("01", "6")].percent == "100,00%"
    assert verdicts[("01", "6")].verdict == "Đạt"


def test_the_province_rolls_up_the_commune(demo: None) -> None:
    commune = compute(Unit.objects.get(code="30406"), START, END)
    province = compute(Unit.objects.get(code="89"), START, END)
    for key in ("accepted", "submitted_online", "fees_online", "e_certified_copies"):
        assert province.inputs.figures[key] == commune.inputs.figures[key]
    assert province.inputs.on_time == commune.inputs.on_time


def test_the_command_prints_the_same_index_as_json_and_as_a_table(demo: None) -> None:
    args = ["report", "indicators", "--unit", "30406", "--from", SEED["from"], "--to", SEED["to"]]
    out = io.StringIO()
    call_command(*args, stdout=out)
    data = json.loads(out.getvalue())
    assert data["qd766"]["total"] == float(
        compute(Unit.objects.get(code="30406"), START, END).index.total
    )
    table = io.StringIO()
    call_command(*args, "--format", "table", stdout=table)
    text = table.getvalue()
    assert f"CHỈ SỐ QĐ 766: {str(data['qd766']['total']).replace('.', ',')}" in text
    assert "Hồ sơ đồng bộ lên Cổng DVCQG: 100,00% →" in text


def test_a_statistics_officer_gets_the_same_figures_from_the_page_and_the_api(demo: None) -> None:
    client = _client("thongke")  # at xã Phú Tân, which took over thị trấn Phú Mỹ
    api = client.get("/api/v1/reports/dashboard", SEED)
    assert api.status_code == 200
    data = api.json()
    assert data["channels"][1] == {
        "channel": "online",
        "name": "Trực tuyến",
        "dossiers": 1640,
        "share": "99,27%",
    }
    assert [m["considered"] for m in data["monthly_on_time"]][-6:] == [179, 356, 259, 340, 308, 210]
    page = client.get(
        "/bao-cao/bang-dieu-khien/",
        {"don-vi": "30406", "tu-ngay": "15/12/2023", "den-ngay": "19/05/2024"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    total = f"{data['qd766']['total']:.2f}".replace(".", ",")
    assert f'<strong id="total-score">{total}</strong>' in html
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_outsiders_are_refused_and_other_units_are_not_revealed(demo: None) -> None:
    officer = _client("thongke")
    assert officer.get("/api/v1/reports/indicators", {**SEED, "unit": "89"}).status_code == 404
    assert officer.get("/bao-cao/bang-dieu-khien/", {"don-vi": "89"}).status_code == 404
    desk = _client("tiepnhan")
    assert desk.get("/api/v1/reports/indicators", SEED).status_code == 403
    assert desk.get("/bao-cao/bang-dieu-khien/").status_code == 403
    assert Client(HTTP_HOST="localhost").get("/api/v1/reports/indicators").status_code == 401
    admin = _client("quantri")  # the system administrator: every unit
    province = admin.get("/api/v1/reports/indicators", {**SEED, "unit": "89"})
    assert province.status_code == 200
    assert province.json()["figures"]["accepted"] == 1652
    bad = officer.get("/api/v1/reports/indicators", {**SEED, "from": "2024-06-01"})
    assert bad.status_code == 422
    assert bad.json()["detail"] == "Ngày kết thúc kỳ phải sau ngày bắt đầu."
    for period in ({"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "2024-02-30"}):
        assert officer.get("/api/v1/reports/dashboard", period).status_code == 422
    quarter = officer.get("/api/v1/reports/indicators", {"unit": "30406", "period": "2024-Q2"})
    assert quarter.json()["period"] == {"from": "2024-03-15", "to": "2024-06-14"}
    assert officer.get("/api/v1/reports/indicators", {"period": "2024-Q5"}).status_code == 422
    page = officer.get("/bao-cao/bang-dieu-khien/", {"don-vi": "30406", "ky": "2024-Q2"})
    assert "Số liệu từ ngày 15/03/2024 đến ngày 14/06/2024" in page.content.decode()


@pytest.mark.summary_drift  # the row is edited directly to make it overdue now
def test_overdue_dossiers_are_counted_bucketed_and_linked(demo: None) -> None:
    dossier = Dossier.objects.filter(competent_unit__code="30406").order_by("pk").first()
    assert dossier is not None
    Dossier.objects.filter(pk=dossier.pk).update(
        status="in_progress",
        resolved_at=None,
        returned_at=None,
        due_at=timezone.now() - dt.timedelta(days=8),
    )
    client = _client("lanhdao")
    data = client.get("/api/v1/reports/dashboard", {"unit": "30406"}).json()
    assert data["overdue_now"]["count"] == 1
    assert [b["dossiers"] for b in data["overdue_now"]["buckets"]] == [0, 1, 0, 0]
    assert data["overdue_now"]["rows"][0]["code"] == dossier.code
    html = client.get("/bao-cao/bang-dieu-khien/", {"don-vi": "30406"}).content.decode()
    assert f'href="/ho-so/{dossier.pk}/"' in html
