"""Submitting a draft: one online dossier through dossiers.services.receive_dossier, once.

The dossier is received with channel ONLINE and waits for the receiving officer's intake act
(accept, request supplement, refuse) within 8 working hours (NĐ 118/2025 Art. 17.2; see sla.py).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.audit.services import record
from motcua.citizens.models import CitizenDocument, Draft, DraftItem, Submission, SubmittedFile
from motcua.citizens.services import CitizenError, online_version, store_document
from motcua.citizens.uploads import CheckedFile
from motcua.domain.dossier_states import Status
from motcua.dossiers.models import Channel, Delivery, Dossier, DossierComponent
from motcua.dossiers.services import (
    Applicant,
    ComponentIn,
    DossierError,
    Intake,
    receive_dossier,
    resubmit_dossier,
)

# The catalogue's copy kinds → the dossier's (an e-copy of "original or certified copy" is
# received as a certified copy; the officer checks the original at return if the law asks).
COPY_KIND = {"original_or_certified_copy": "certified_copy"}


def _applicant(draft: Draft) -> Applicant:
    citizen, organisation = draft.citizen, draft.organisation
    address = draft.data.get("address", "") or citizen.address
    if organisation is None:
        return Applicant(
            name=citizen.full_name,
            id_number=citizen.personal_id,
            birth_date=citizen.birth_date,
            address=address,
            phone=citizen.phone,
            email=citizen.email,
        )
    return Applicant(
        kind="organisation",
        name=organisation.name,
        id_number=organisation.tax_code,
        address=organisation.address or address,
        phone=citizen.phone,
        email=citizen.email,
        representative_name=citizen.full_name,
        representative_id_number=citizen.personal_id,
        representative_phone=citizen.phone,
    )


def _components(items: list[DraftItem]) -> list[ComponentIn]:
    return [
        ComponentIn(
            name=item.component.name,
            copy_kind=COPY_KIND.get(item.component.copy_kind, item.component.copy_kind),
            count=1,
            digitised=not item.reused,  # the citizen's upload is the electronic copy
            reused=item.reused,
            catalog_component_id=item.component_id,
        )
        for item in items
    ]


@transaction.atomic
def submit_draft(draft: Draft) -> Dossier:
    """Submit the draft as an online dossier. A second submit returns the same dossier."""
    locked = Draft.objects.select_for_update().select_related("citizen__user").get(pk=draft.pk)
    done = Submission.objects.filter(draft=locked).select_related("dossier").first()
    if done is not None:
        return done.dossier
    version = online_version(locked.procedure_version.procedure.code)
    if version.pk != locked.procedure_version_id:
        raise CitizenError(
            "Thủ tục đã được công bố lại với thành phần hồ sơ mới; vui lòng lập hồ sơ mới."
        )
    if locked.unit is None:
        raise CitizenError("Chưa chọn nơi nộp hồ sơ (xã, phường).")
    items = list(locked.items.select_related("component", "document").order_by("component__order"))
    if not items:
        raise CitizenError("Hồ sơ chưa có giấy tờ nào: hãy tải lên hoặc chọn từ kho dữ liệu.")
    offered = version.result_delivery or [Delivery.ELECTRONIC.value]
    delivery = locked.data.get("result_delivery") or (
        Delivery.ELECTRONIC.value if Delivery.ELECTRONIC in offered else offered[0]
    )
    intake = Intake(
        procedure_code=version.procedure.code,
        receiving_unit=locked.unit,
        competent_unit=locked.unit,
        channel=Channel.ONLINE,
        applicant=_applicant(locked),
        components=_components(items),
        result_delivery=delivery,
        delivery_address=locked.data.get("delivery_address", ""),
    )
    try:
        dossier = receive_dossier(
            intake,
            actor=locked.citizen.user,
            idempotency_key=f"online:{locked.key}",
            via_portal=True,
        )
    except DossierError as exc:
        raise CitizenError(str(exc)) from exc
    submission, created = Submission.objects.get_or_create(
        dossier=dossier,
        defaults={
            "citizen": locked.citizen,
            "organisation": locked.organisation,
            "draft": locked,
            "submitted_at": timezone.now(),
        },
    )
    if not created:
        return dossier
    by_component = {item.component_id: item for item in items}
    for component in DossierComponent.objects.filter(dossier=dossier):
        item = by_component.get(component.catalog_component_id or 0)
        if item is not None:
            SubmittedFile.objects.create(component=component, document=item.document)
    uploaded = [item.document_id for item in items if not item.reused]
    locked.citizen.documents.filter(pk__in=uploaded).update(in_store=True, dossier=dossier)
    record(
        actor=locked.citizen.user,
        action="submit_online",
        object_type="citizen_submission",
        object_id=submission.pk,
        after={
            "dossier": dossier.pk,
            "organisation": locked.organisation_id,
            "reused": len(items) - len(uploaded),
        },
    )
    return dossier


def missing_items(dossier: Dossier) -> list[str]:
    """What the latest intake supplement request asked for (the one complete list, Art. 17)."""
    event = (
        AuditEvent.objects.filter(
            object_type="dossier", object_id=str(dossier.pk), action="request_intake_supplement"
        )
        .in_chain_order(reverse=True)
        .first()
    )
    return list((event.after or {}).get("missing", [])) if event else []


@transaction.atomic
def resubmit_online(
    submission: Submission, *, uploads: dict[int, CheckedFile], reuse: dict[int, int]
) -> Dossier:
    """Send online what the officer listed as missing (keys: index in missing_items)."""
    dossier = Dossier.objects.select_for_update().get(pk=submission.dossier_id)
    if dossier.status != Status.INTAKE_SUPPLEMENT.value:
        raise CitizenError("Hồ sơ không ở trạng thái chờ bổ sung; không cần nộp thêm.")
    missing = missing_items(dossier)
    citizen = submission.citizen
    if not set(uploads) | set(reuse) <= set(range(len(missing))):
        raise CitizenError("Giấy tờ bổ sung không khớp danh sách cơ quan yêu cầu.")
    reused = {d.pk: d for d in citizen.documents.filter(in_store=True, pk__in=reuse.values())}
    if set(reuse.values()) - set(reused):
        raise CitizenError("Giấy tờ chọn từ kho dữ liệu không còn trong kho của bạn.")
    given: list[tuple[str, CitizenDocument, bool]] = []
    for index, file in sorted(uploads.items()):
        document = store_document(
            citizen, file, missing[index], source="upload", in_store=True, dossier=dossier
        )
        given.append((missing[index], document, False))
    for index, document_id in sorted(reuse.items()):
        if index not in uploads:
            given.append((missing[index], reused[document_id], True))
    if not given:
        raise CitizenError("Chưa tải lên hoặc chọn giấy tờ bổ sung nào.")
    last = DossierComponent.objects.filter(dossier=dossier).order_by("-pk").first()
    try:
        dossier = resubmit_dossier(
            dossier,
            actor=citizen.user,
            components=[
                ComponentIn(name=name, digitised=not again, reused=again)
                for name, _, again in given
            ],
        )
    except DossierError as exc:
        raise CitizenError(str(exc)) from exc
    new = DossierComponent.objects.filter(dossier=dossier, pk__gt=last.pk if last else 0)
    for component, (_, document, _) in zip(new.order_by("pk"), given, strict=True):
        SubmittedFile.objects.create(component=component, document=document)
    return dossier


def applicant_note(dossier: Dossier) -> str:
    """What the citizen wrote for the officer ("Nội dung yêu cầu, ghi chú cho cán bộ") when
    submitting online; empty for other dossiers."""
    submission = Submission.objects.filter(dossier=dossier).select_related("draft").first()
    if submission is None or submission.draft is None:
        return ""
    return str(submission.draft.data.get("note") or "").strip()
