"""The demo commune's records reproduce the seed report wherever the seed is consistent."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from motcua.accounts.models import User
from motcua.bundles.demo import DEMO_AGENCIES
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Petition, Rating
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db

# The seed's annex (Biểu II.06a), with our documented channel split for BTXH and NCC.
ANNEX = {
    "CT": [675, 675, 0, 0, 675, 674, 1, 0, 0, 0, 0],
    "HT": [949, 941, 8, 0, 949, 940, 9, 0, 0, 0, 0],
    "TDKT": [4, 4, 0, 0, 4, 4, 0, 0, 0, 0, 0],
    "BTXH": [14, 14, 0, 0, 14, 14, 0, 0, 0, 0, 0],
    "NCC": [7, 6, 1, 0, 7, 7, 0, 0, 0, 0, 0],
    "DD": [2, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0],
    "TD": [1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0],
}
COLUMNS = ["c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13"]


def test_the_ii06a_equals_the_seed_annex_row_by_row(demo: None) -> None:
    report = ii06a(Unit.objects.get(code="30406"), dt.date(2023, 12, 15), dt.date(2024, 5, 19))
    assert {row.field_code: [row.counts[c] for c in COLUMNS] for row in report.rows} == ANNEX
    assert [report.total[c] for c in COLUMNS] == [1652, 1640, 12, 0, 1652, 1642, 10, 0, 0, 0, 0]
    assert report.total["closed"] == 0


def test_the_narrative_figures_come_out_of_the_same_records(demo: None) -> None:
    dossiers = Dossier.objects.filter(competent_unit__code="30406")
    online = dossiers.filter(channel="online")
    assert online.filter(online_level="full").count() == 951
    assert online.filter(online_level="partial").count() == 695
    assert online.filter(accepted_at__isnull=True).count() == 6  # submitted, not accepted
    paid_online = dossiers.filter(paid_online=True).aggregate(
        n=Count("pk"), s=Sum("fees_collected")
    )
    assert (paid_online["n"], paid_online["s"]) == (1513, 32_835_000)
    desk = dossiers.filter(paid_online=False).aggregate(s=Sum("fees_collected"))
    assert desk["s"] == 648_000
    assert dossiers.aggregate(s=Sum("e_certified_copies"))["s"] == 1390
    assert dossiers.filter(result_delivery="post").count() == 7
    accepted = dossiers.filter(accepted_at__isnull=False)
    digitised = accepted.aggregate(d=Count("pk", filter=Q(has_digitised_components=True)))["d"]
    assert round(digitised * 1000 / accepted.count()) == 824  # 82,4% (I.15)


def test_running_the_demo_again_changes_nothing(demo: None) -> None:
    def counts() -> tuple[int, ...]:
        return tuple(kind.objects.count() for kind in (Dossier, Rating, Petition, User))

    before = counts()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "0 mới, 1658 cập nhật" in out.getvalue()
    assert counts() == before


def test_the_province_and_the_former_district_roll_up_their_communes(demo: None) -> None:
    commune = ii06a(Unit.objects.get(code="30406"), dt.date(2023, 12, 15), dt.date(2024, 5, 19))
    for code in ("888", "89"):  # huyện Phú Tân (ended 30/6/2025), tỉnh An Giang
        rolled = ii06a(Unit.objects.get(code=code), dt.date(2023, 12, 15), dt.date(2024, 5, 19))
        assert rolled.total == commune.total
    successor = ii06a(
        Unit.objects.get(code="30406-2025"), dt.date(2023, 12, 15), dt.date(2024, 5, 19)
    )
    assert successor.total["c3"] == 0  # the dossiers stay under the unit that held them


def test_the_demo_agencies_have_certificates_to_sign_their_step_documents(demo: None) -> None:
    for code in ("30406-2025", *(code for _, code, _, _ in DEMO_AGENCIES)):
        assert (Path(settings.SIGNING_DIR) / f"{code}.p12").is_file()
