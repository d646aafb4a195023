"""The report summary stays equal to the row-level computation through the real write paths."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib
import io
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.models import Fee, ProcedureVersion
from motcua.catalog.services import load_catalog
from motcua.domain.vntime import VN
from motcua.dossiers import issued
from motcua.dossiers.importer import import_dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import (
    approve,
    extend_deadline,
    hand_over,
    receive_supplement,
    refuse,
    request_supplement,
    resume,
    suspend,
    withdraw,
)
from motcua.dossiers.services import (
    DossierError,
    IllegalAct,
    accept_dossier,
    receive_dossier,
    refuse_at_intake,
)
from motcua.payments.models import Payment, PaymentStatus
from motcua.payments.services import FeeQuantity, assess_fees, close_payment, record_payment
from motcua.portal.client import Ack, PortalError
from motcua.portal.delivery import deliver_due
from motcua.portal.models import OutboxMessage
from motcua.portal.services import replay_all_dead
from motcua.reports.cells import events
from motcua.reports.ii06a import ii06a
from motcua.reports.indicators import gather_inputs, timeliness_counts
from motcua.reports.models import FlagCell, ReportCell
from motcua.reports.read import totals_by_period
from motcua.reports.rebuild import differences, rebuild
from motcua.reports.touched import flush
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from motcua.units.tree import units_within
from tests.catalog_data import catalog
from tests.dossiers.conftest import intake

BASE = dt.datetime(2024, 3, 4, tzinfo=VN)  # a Monday, while thị trấn Phú Mỹ existed
FATES = [
    "open",
    "approve",
    "refuse",
    "withdraw",
    "extend",
    "supplement",
    "supplement_back",
    "suspend_resume",
    "refuse_at_intake",
    "not_accepted",
]


def _at(day: int, hour: int) -> dt.datetime:
    return BASE + dt.timedelta(days=day, hours=hour)


@dataclass(frozen=True)
class Act:
    day: int
    hour: int
    fate: str
    after: int  # days from acceptance to the outcome
    code: str  # procedure: 1 = 3 working days, 2 = same day
    channel: str = "counter"


@dataclass(frozen=True)
class Extra:
    """A write outside the dossier acts: payments, portal delivery, a unit moved."""

    what: str
    pick: int  # which dossier or payment
    how: int  # pages of a fee; the delivery outcome pattern


@dataclass(frozen=True)
class Row:
    number: int
    day: int
    due: int | None
    finish: int
    status: int
    channel: str


ACTS = st.builds(
    Act,
    st.integers(0, 30),
    st.sampled_from([8, 10, 15]),
    st.sampled_from(FATES),
    st.integers(0, 12),
    st.sampled_from(["1.000894", "2.000815"]),
    st.sampled_from(["counter", "online", "postal"]),
)
EXTRAS = st.builds(
    Extra,
    st.sampled_from(
        ["deliver", "replay", "pay_cash", "pay_online", "assess", "refund", "cancel", "move"]
    ),
    st.integers(0, 7),
    st.integers(0, 3),
)
ROWS = st.builds(
    Row,
    st.integers(1, 6),  # few numbers: re-imports update earlier rows
    st.integers(-20, 30),
    st.one_of(st.none(), st.integers(0, 10)),
    st.integers(0, 15),
    st.sampled_from([4, 7, 9, 10]),
    st.sampled_from(["1", "2", "3"]),
)
PERIODS = st.tuples(st.integers(-25, 50), st.integers(0, 70))


@pytest.fixture
def world(db: None, settings: Any) -> Iterator[dict[str, Any]]:
    settings.MOTCUA_PORTAL = dataclasses.replace(
        settings.MOTCUA_PORTAL, max_attempts=3, backoff_base=0.001, backoff_cap=0.002
    )
    load_reference_units()
    load_catalog(catalog())
    staff = {
        role: create_or_update_staff(username=role.value, full_name="Cán bộ", role=role)
        for role in (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER)
    }
    commune = Unit.objects.get(code="30406")
    assert commune.parent is not None
    roots = Unit.objects.filter(parent=None).exclude(pk__in=[commune.pk, commune.parent.pk])
    with time_machine.travel(_at(0, 8), tick=True):
        yield {
            "unit": commune,
            "staff": staff,
            "province": commune.parent,
            "other": roots.first(),
        }


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forms' PDF rendering is slow and changes no date: a fixed stand-in keeps it fast."""
    monkeypatch.setattr(issued, "render_pdf", lambda form, context: b"%PDF-1.4 test")


def _service_path(act: Act, staff: dict[Role, User]) -> None:
    officer, specialist, leader = (
        staff[Role.RECEIVING_OFFICER],
        staff[Role.SPECIALIST],
        staff[Role.LEADER],
    )
    start = _at(act.day, act.hour)
    done = start + dt.timedelta(days=act.after, hours=1)
    online = act.channel == "online"  # online dossiers come through the portal's door
    dossier = receive_dossier(
        intake(act.code, channel=act.channel), actor=officer, at=start, via_portal=online
    )
    if act.fate == "not_accepted":
        return
    if act.fate == "refuse_at_intake":
        refuse_at_intake(dossier, actor=officer, reasons="Không đúng thẩm quyền")
        return
    dossier = accept_dossier(dossier, actor=officer, at=start)
    if act.fate == "open":
        return
    hand_over(dossier, actor=officer, to_user=specialist, at=start + dt.timedelta(minutes=10))
    middle = start + dt.timedelta(hours=2)
    if act.fate == "extend" and dossier.due_at is not None:
        extend_deadline(
            dossier,
            actor=specialist,
            new_due=dossier.due_at + dt.timedelta(days=act.after),
            reason="Cần xác minh",
            at=middle,
        )
    elif act.fate in ("supplement", "supplement_back"):
        request_supplement(
            dossier, actor=specialist, missing=["Giấy tờ"], reason="Thiếu", at=middle
        )
        if act.fate == "supplement":
            return
        receive_supplement(dossier, actor=officer, at=middle + dt.timedelta(days=1))
    elif act.fate == "suspend_resume":
        suspend(dossier, actor=specialist, reason="Xác minh", at=middle)
        resume(dossier, actor=specialist, at=middle + dt.timedelta(days=2))
    if act.fate == "withdraw":
        withdraw(dossier, actor=officer, reason="Người nộp rút", at=done)
    elif act.fate == "refuse":
        refuse(dossier, actor=leader, reasons="Không đủ điều kiện", at=done)
    else:
        at = max(done, middle + dt.timedelta(days=2, hours=1))
        approve(dossier, actor=leader, at=at, electronic_result=act.after % 2 == 0)


class Portal:
    """A portal that acknowledges, refuses for good or fails for now, by message key."""

    def __init__(self, pattern: int) -> None:
        self.pattern = pattern

    def send(self, key: str, payload: dict[str, Any]) -> Ack:
        outcome = (zlib.crc32(key.encode()) + self.pattern) % 5
        if outcome == 0:
            raise PortalError("Sai dữ liệu", permanent=True)
        if outcome == 1:
            raise PortalError("Hết thời gian chờ")
        return Ack(receipt=f"R-{key}")


def _extra(extra: Extra, world: dict[str, Any]) -> None:
    officer, leader = world["staff"][Role.RECEIVING_OFFICER], world["staff"][Role.LEADER]
    accepted = list(Dossier.objects.exclude(accepted_at=None).order_by("pk"))
    if extra.what == "deliver":
        for _ in range(3):  # the retries' backoff is a few milliseconds here
            deliver_due(limit=100, client=Portal(extra.how))
            time.sleep(0.005)
    elif extra.what == "replay":
        replay_all_dead(actor=leader)
    elif extra.what in ("pay_cash", "pay_online", "assess") and accepted:
        dossier = accepted[extra.pick % len(accepted)]
        fee = Fee.objects.filter(version=dossier.procedure_version).first()
        if fee is None:
            return
        [payment] = assess_fees(dossier, [FeeQuantity(fee.pk, pages=extra.how + 1)], actor=officer)
        if extra.what != "assess":
            method = "cash" if extra.what == "pay_cash" else "online"
            record_payment(payment, actor=officer, method=method, bank_reference="GD-1")
    elif extra.what in ("refund", "cancel"):
        status = PaymentStatus.PAID if extra.what == "refund" else PaymentStatus.WAITING
        payments = list(Payment.objects.filter(status=status).order_by("pk"))
        if payments:
            payment = payments[extra.pick % len(payments)]
            close_payment(payment, actor=leader, refund=extra.what == "refund", reason="Sai")
    elif extra.what == "move":  # the commune under another province, or back
        commune: Unit = world["unit"]
        commune.refresh_from_db()
        commune.parent = (
            world["other"] if commune.parent == world["province"] else world["province"]
        )
        commune.save()


def _stamp(day: int, hour: int = 9) -> str:
    return f"{_at(day, hour):%Y%m%d%H%M%S}"


def _import(rows: list[Row], unit: Unit) -> None:
    records = []
    for line, r in enumerate(rows, start=2):
        resolved = r.status in (7, 9, 10)
        records.append(
            (
                line,
                {
                    "MaHoSo": f"H01-240101-{r.number:04d}",
                    "MaTTHC": "1.000894",
                    "KenhThucHien": r.channel,
                    "MucDo": "3" if r.channel == "2" else "",
                    "NgayTiepNhan": _stamp(r.day),
                    "NgayHenTra": _stamp(r.day + r.due, 17) if r.due is not None else "",
                    "NgayKetThucXuLy": _stamp(r.day + r.finish, 14) if resolved else "",
                    "NgayTra": "",
                    "TrangThaiHoSo": str(r.status),
                    "ChuHoSo": "Nguyễn Văn A",
                    "DuocThanhToanTrucTuyen": "0",
                    "PhiLePhi": "0",
                },
            )
        )
    import_dossiers(records, actor=None, default_unit=unit, skip_invalid=True)


def _run(
    world: dict[str, Any],
    acts: list[Act],
    imports: list[list[Row]],
    extras: list[Extra] | None = None,
) -> None:
    extras = extras or []
    for i, act in enumerate(acts):
        # A refused act changes nothing, in the rows as in the summary.
        with contextlib.suppress(DossierError, IllegalAct):
            _service_path(act, world["staff"])
        if i < len(imports):
            _import(imports[i], world["unit"])
        if i < len(extras):
            with contextlib.suppress(DossierError):
                _extra(extras[i], world)
    for batch in imports[len(acts) :]:
        _import(batch, world["unit"])
    for extra in extras[len(acts) :]:
        with contextlib.suppress(DossierError):
            _extra(extra, world)


def _same_indicators(unit: Unit, start: dt.date, end: dt.date) -> None:
    """The QĐ 766 inputs from the summary equal those from the rows (with imported dossiers
    counted as synced or not)."""
    for imported_as_synced in (True, False):
        conf = dataclasses.replace(
            django_settings.MOTCUA_PORTAL, imported_as_synced=imported_as_synced
        )
        with override_settings(MOTCUA_PORTAL=conf):
            ours = gather_inputs(units_within(unit), start, end, "summary")
            oracle = gather_inputs(units_within(unit), start, end, "rows")
        assert ours == oracle


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(ACTS, max_size=8),
    st.lists(st.lists(ROWS, max_size=4), max_size=3),
    st.lists(PERIODS, min_size=1, max_size=4),
    st.lists(EXTRAS, max_size=8),
)
def test_the_summary_equals_the_rows_through_the_real_acts(
    world: dict[str, Any],
    acts: list[Act],
    imports: list[list[Row]],
    periods: list[tuple[int, int]],
    extras: list[Extra],
) -> None:
    with transaction.atomic():  # each example starts from no dossier
        _run(world, acts, imports, extras)
        flush()  # the resync every act's commit would run (reports/touched.py)
        assert differences() == []
        commune: Unit = world["unit"]
        commune.refresh_from_db()
        for unit in (commune, world["province"], world["other"]):
            spans = []
            for offset, length in periods:
                start = (BASE + dt.timedelta(days=offset)).date()
                end = start + dt.timedelta(days=length)
                spans.append((start, end))
                summary = ii06a(unit, start, end, source="summary").as_json()
                assert summary == ii06a(unit, start, end, source="rows").as_json()
                _same_indicators(unit, start, end)
            # The dashboard's months: all periods in one read.
            rows = [timeliness_counts(units_within(unit), a, b, "rows") for a, b in spans]
            assert totals_by_period([unit.pk], spans) == rows
        transaction.set_rollback(True)


def test_events_make_every_interval_count() -> None:
    """The cumulative events of a dossier: accepted 1/3, due 5/3, resolved 8/3 (late)."""
    day = dt.date(2024, 3, 1)
    got = events(False, (day, day.replace(day=5), day.replace(day=8), None))
    eighth = day.replace(day=8)
    assert got == [(2, day), (3, eighth), (6, eighth), (8, day.replace(day=6)), (9, eighth)]


@pytest.mark.django_db
def test_rebuild_repairs_and_check_summary_reports(world: dict[str, Any]) -> None:
    _run(world, [Act(0, 9, "approve", 2, "1.000894"), Act(1, 9, "open", 0, "1.000894")], [])
    assert ReportCell.objects.exists()
    ReportCell.objects.filter(kind=1).delete()  # lost, as if written by hand
    Dossier.objects.update(due_day=None)
    assert FlagCell.objects.exists()
    assert differences() != []
    # The flag cells and events alone (the QĐ 766 counts) are checked and repaired too.
    call_command("report", "rebuild-summary", stdout=io.StringIO())
    assert differences() == []
    FlagCell.objects.filter(kind=1).delete()
    assert any("ô chỉ số" in line for line in differences())
    call_command("report", "rebuild-summary", stdout=io.StringIO())
    Dossier.objects.update(flag_events=None)
    assert any("sự kiện chỉ số" in line for line in differences())
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("report", "check-summary", stdout=out)
    assert "lệch" in out.getvalue()
    call_command("report", "rebuild-summary", stdout=io.StringIO())
    assert differences() == []
    out = io.StringIO()
    call_command("report", "check-summary", stdout=out)
    assert "khớp" in out.getvalue()
    assert rebuild()["dossiers_corrected"] == 0


@pytest.mark.django_db
def test_the_frozen_code_of_the_summary_migrations_fills_what_the_app_fills(
    world: dict[str, Any],
) -> None:
    """reports/migrations 0001 and 0002 run a frozen copy of the summary code (they import no
    app code): from the same rows it writes the cells and the day and flag columns the live
    code keeps."""
    fill = importlib.import_module("motcua.reports.migrations._frozen_cells").fill
    fill_flags = importlib.import_module("motcua.reports.migrations._frozen_flags").fill_flags
    _run(world, [Act(0, 9, "approve", 2, "1.000894"), Act(1, 9, "open", 0, "2.000815")], [])
    kept = sorted(
        ReportCell.objects.values_list("unit_id", "field_id", "kind", "grain", "day", "n")
    )
    flagged = sorted(FlagCell.objects.values_list("unit_id", "kind", "grain", "day", "n"))
    Dossier.objects.update(due_day=None, flag_events=None)
    stats = fill(Dossier, ReportCell, Unit, ProcedureVersion)
    fill_flags(Dossier, FlagCell, Unit, ProcedureVersion, Payment, OutboxMessage)
    assert stats["dossiers_corrected"] > 0
    assert differences() == []
    assert (
        sorted(ReportCell.objects.values_list("unit_id", "field_id", "kind", "grain", "day", "n"))
        == kept
    )
    assert sorted(FlagCell.objects.values_list("unit_id", "kind", "grain", "day", "n")) == flagged


@pytest.mark.django_db
def test_a_moved_unit_and_a_regrouped_version_keep_the_summary_exact(
    world: dict[str, Any],
) -> None:
    """The keys the acts do not see: a unit under another parent, a version's field or level."""
    _run(world, [Act(0, 9, "approve", 2, "1.000894"), Act(1, 9, "open", 0, "2.000815")], [])
    commune: Unit = world["unit"]
    old_parent = commune.parent
    assert old_parent is not None
    start, end = dt.date(2024, 3, 1), dt.date(2024, 3, 31)
    before = ii06a(old_parent, start, end).as_json()["total"]["c3"]
    assert before == 2
    other = Unit.objects.exclude(pk__in=[commune.pk, old_parent.pk]).filter(parent=None).first()
    assert other is not None
    commune.parent = other
    commune.save()
    assert differences() == []
    assert ii06a(old_parent, start, end).as_json()["total"]["c3"] == 0
    assert (
        ii06a(other, start, end, source="summary").as_json()
        == ii06a(other, start, end, source="rows").as_json()
    )
    version = Dossier.objects.exclude(accepted_at=None).first().procedure_version  # type: ignore[union-attr]
    version.level = "district" if version.level != "district" else "commune"
    version.save()
    assert differences() == []
    summary = ii06a(other, start, end, source="summary").as_json()
    assert summary == ii06a(other, start, end, source="rows").as_json()
    assert version.level in {row["level"]["code"] for row in summary["rows"]}


@pytest.mark.django_db
def test_a_set_of_units_that_is_not_whole_subtrees_is_counted_from_the_rows(
    world: dict[str, Any],
) -> None:
    from motcua.reports.ii06a import counts_by_field

    _run(world, [Act(0, 9, "approve", 2, "1.000894")], [])
    commune: Unit = world["unit"]
    assert commune.parent is not None
    partial = [commune.parent.pk]  # the province without its communes: only its own dossiers
    start, end = dt.date(2024, 3, 1), dt.date(2024, 3, 31)
    assert counts_by_field(partial, start, end) == counts_by_field(partial, start, end, "rows")
    assert counts_by_field(partial, start, end) == []
    assert counts_by_field(set(), start, end) == []
