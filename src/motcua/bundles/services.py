"""Acts on an inter-linked dossier (models.py explains the design).

- `complete_step`: the unit holding the dossier records what its step produced (a title and
  number; a PDF from its own system is signed with the unit's certificate and given to the
  applicant: results.step_results) and hands the dossier to the unit of the next step
  (dossiers.processing.hand_over: the step is closed and judged early / on time / late against
  its own deadline); when the next step is the return of the result, the bundle is resolved
  (`approve`) instead. Only the officer of the step records it (its unit; on a commune step,
  its role).
- `add_wait` / `clear_wait`: a step that cannot finish before another agency acts.
- `attribution`: for each agency, its steps early / on time / late, and those overdue now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.services import record
from motcua.bundles.models import AgencyLink, StepOutput, StepWait
from motcua.catalog.models import ProcessStep
from motcua.domain.text import nfc
from motcua.dossiers.models import Dossier, HandOver
from motcua.dossiers.processing import approve, hand_over
from motcua.dossiers.services import DossierError, IllegalAct
from motcua.results.models import IssuedResult
from motcua.results.step_results import issue_step_document
from motcua.units.models import Unit
from motcua.units.tree import units_served_by

COMMUNE_PERFORMERS = {"receiving_officer", "specialist", "leader"}
RETURN_PERFORMER = "receiving_officer"
# the commune's certificate signs a step's document on its leader's step only (the birth
# certificate is signed by the chairman or a vice-chairman: "Lãnh đạo UBND xã ký Giấy khai sinh")
COMMUNE_SIGNER = "leader"


def is_bundle(dossier: Dossier) -> bool:
    version = dossier.procedure_version
    return version.interlinked_group is not None and version.interlinked_order is None


def steps_of(dossier: Dossier) -> list[ProcessStep]:
    return list(dossier.procedure_version.steps.order_by("order"))


def unit_for(dossier: Dossier, performer: str) -> Unit:
    """The unit that performs a step: the commune itself, or its linked agency."""
    if performer in COMMUNE_PERFORMERS:
        return dossier.competent_unit
    link = (
        AgencyLink.objects.filter(commune=dossier.competent_unit, performer=performer)
        .select_related("agency")
        .first()
    )
    if link is None:
        raise DossierError(
            f"Chưa cấu hình cơ quan thực hiện bước “{performer}” liên thông với "
            f"{dossier.competent_unit.name} (Quản trị → Cơ quan phối hợp liên thông)."
        )
    return link.agency


def open_step(dossier: Dossier) -> HandOver | None:
    return dossier.hand_overs.filter(finished_at__isnull=True).order_by("-seq").first()


def _check_holder(actor: User, step: HandOver) -> None:
    if actor.unit is None or step.to_unit_id not in units_served_by(actor.unit):
        raise IllegalAct(f"Bước này do {step.to_unit.name} thực hiện.")


def _performer(dossier: Dossier, step: HandOver) -> str:
    if step.step_order is None:
        return ""
    found = dossier.procedure_version.steps.filter(order=step.step_order).first()
    return found.performer if found is not None else ""


def _check_performer(actor: User, dossier: Dossier, step: HandOver) -> str:
    """A commune step is recorded by the officer of its role (the specialist's step by a
    specialist, the leader's by a leader); an agency's step by that agency's staff."""
    performer = _performer(dossier, step)
    if performer in COMMUNE_PERFORMERS and Role(performer) not in actor.roles():
        raise IllegalAct(
            f"Bước “{step.step_name}” thuộc vai trò “{Role(performer).label}”: tài khoản của "
            "ông/bà không ghi được kết quả của bước này."
        )
    return performer


def _step_document(
    dossier: Dossier,
    step: HandOver,
    performer: str,
    *,
    actor: User,
    title: str,
    number: str,
    document: bytes,
    at: dt.datetime,
) -> IssuedResult:
    """The PDF another system produced for the step, signed with the step unit's certificate.
    The commune's certificate signs only on its leader's step (as its electronic results)."""
    if performer in COMMUNE_PERFORMERS and performer != COMMUNE_SIGNER:
        raise IllegalAct(
            f"Văn bản của {step.to_unit.name} được ký số ở bước của lãnh đạo; bước "
            f"“{step.step_name}” chỉ ghi kết quả (tên, số), không kèm tệp."
        )
    return issue_step_document(
        step, actor=actor, title=title, number=number, source_pdf=document, at=at
    )


@transaction.atomic
def complete_step(
    dossier: Dossier,
    *,
    actor: User,
    title: str,
    number: str = "",
    document: bytes | None = None,
    at: dt.datetime | None = None,
) -> HandOver | Dossier:
    """Record the open step's result and pass the dossier to the next step's unit.

    `document`: the PDF the step's own system produced (the birth certificate, the residence
    notice); it is signed with the certificate of the step's unit and given to the applicant.
    A result that is data (the BHYT card code) is the `number`."""
    if not is_bundle(dossier):
        raise IllegalAct("Hồ sơ này không phải hồ sơ liên thông.")
    title = nfc(title).strip()
    if not title:
        raise DossierError("Phải ghi kết quả của bước (ví dụ: Giấy khai sinh, số …).")
    step = open_step(dossier)
    if step is None or step.step_order is None:
        raise IllegalAct("Hồ sơ chưa được chuyển vào quy trình liên thông.")
    _check_holder(actor, step)
    performer = _check_performer(actor, dossier, step)
    waiting = step.waits.filter(cleared_at__isnull=True).first()
    if waiting is not None:
        raise IllegalAct(f"Bước đang chờ: {waiting.reason} ({waiting.waiting_on.name}).")
    at = at or timezone.now()
    number = nfc(number).strip()
    signed = None
    if document is not None:
        signed = _step_document(
            dossier,
            step,
            performer,
            actor=actor,
            title=title,
            number=number,
            document=document,
            at=at,
        )
    output = StepOutput.objects.create(
        hand_over=step,
        title=title,
        number=number,
        recorded_by=actor,
        recorded_at=at,
        document=signed,
    )
    record(
        actor=actor,
        action="record_step_output",
        object_type="dossier",
        object_id=dossier.pk,
        after={
            "step": step.step_order,
            "title": output.title,
            "number": output.number,
            "document": signed.pk if signed else None,
            "sha256": signed.sha256 if signed else "",
        },
    )
    later = [s for s in steps_of(dossier) if s.order > step.step_order]
    if not later:
        raise IllegalAct("Đây là bước cuối; hãy trả kết quả.")
    following = later[0]
    if following.performer == RETURN_PERFORMER and following is later[-1]:
        return approve(
            dossier, actor=actor, at=at, electronic_result=True, last_step=step.step_name
        )
    return hand_over(
        dossier,
        actor=actor,
        to_user=None,
        to_unit=unit_for(dossier, following.performer),
        step_order=following.order,
        note=f"Chuyển kèm: {output}",
        at=at,
    )


@transaction.atomic
def add_wait(
    dossier: Dossier, *, actor: User, reason: str, waiting_on: Unit, at: dt.datetime | None = None
) -> StepWait:
    step = open_step(dossier)
    if step is None:
        raise IllegalAct("Hồ sơ không có bước nào đang thực hiện.")
    _check_holder(actor, step)
    reason = nfc(reason).strip()
    if not reason:
        raise DossierError("Phải ghi điều kiện đang chờ.")
    wait = StepWait.objects.create(
        hand_over=step, reason=reason, waiting_on=waiting_on, since=at or timezone.now()
    )
    record(
        actor=actor,
        action="add_step_wait",
        object_type="dossier",
        object_id=dossier.pk,
        after={"step": step.step_order, "reason": reason, "waiting_on": waiting_on.code},
    )
    return wait


@transaction.atomic
def clear_wait(wait: StepWait, *, actor: User, at: dt.datetime | None = None) -> StepWait:
    locked = StepWait.objects.select_for_update().get(pk=wait.pk)
    if locked.cleared_at is not None:
        raise IllegalAct("Điều kiện này đã được đáp ứng.")
    if actor.unit is None or locked.waiting_on_id not in units_served_by(actor.unit):
        raise IllegalAct(f"Chỉ {locked.waiting_on.name} xác nhận được điều kiện này.")
    locked.cleared_at, locked.cleared_by = at or timezone.now(), actor
    locked.save()
    record(
        actor=actor,
        action="clear_step_wait",
        object_type="dossier",
        object_id=locked.hand_over.dossier_id,
        after={"reason": locked.reason},
    )
    return locked


@dataclass(frozen=True)
class AgencyRow:
    unit: str
    early: int
    on_time: int
    late: int
    overdue_now: int


def attribution(
    communes: Iterable[int], start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> list[AgencyRow]:
    """Steps of the communes' bundles finished in [start, end], per unit that held them."""
    now = now or timezone.now()
    steps = HandOver.objects.filter(
        dossier__competent_unit_id__in=list(communes),
        dossier__procedure_version__interlinked_group__isnull=False,
        dossier__procedure_version__interlinked_order__isnull=True,
        step_order__isnull=False,
    )
    finished = Q(finished_at__date__gte=start, finished_at__date__lte=end)
    rows = (
        steps.values("to_unit__name")
        .annotate(
            early=Count("pk", filter=finished & Q(timeliness="early")),
            on_time=Count("pk", filter=finished & Q(timeliness="on_time")),
            late=Count("pk", filter=finished & Q(timeliness="late")),
            overdue_now=Count("pk", filter=Q(finished_at__isnull=True, step_due_at__lt=now)),
        )
        .order_by("to_unit__name")
    )
    return [
        AgencyRow(r["to_unit__name"], r["early"], r["on_time"], r["late"], r["overdue_now"])
        for r in rows
        if r["early"] + r["on_time"] + r["late"] + r["overdue_now"]
    ]
