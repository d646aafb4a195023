"""The world the report summary tests drive: the dossiers' acts through the real services,
the writes beside them (fees, payments, portal delivery, a unit moved) and imported rows.
The `world` fixture itself (units, catalogue, staff, a frozen start) is in conftest.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import zlib
from dataclasses import dataclass
from typing import Any

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.models import Fee
from motcua.domain.vntime import VN
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
from motcua.portal.services import replay_all_dead
from motcua.units.models import Unit
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


def moment(day: int, hour: int) -> dt.datetime:
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


def _service_path(act: Act, staff: dict[Role, User]) -> None:
    officer, specialist, leader = (
        staff[Role.RECEIVING_OFFICER],
        staff[Role.SPECIALIST],
        staff[Role.LEADER],
    )
    start = moment(act.day, act.hour)
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
    return f"{moment(day, hour):%Y%m%d%H%M%S}"


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


def run_acts(
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
