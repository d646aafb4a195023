"""Postal acts: a dossier that arrived by post, a result handed to the post, its delivery.

Tracking numbers of the UPU S10 shape (two letters, eight digits, a check digit, two letters —
Vietnam Post's EMS and registered items, e.g. EE123456785VN) are checked with the S10 check digit;
other operators' numbers are accepted when they are 6–30 letters and digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.dossiers.models import Channel, Delivery, Dossier
from motcua.dossiers.services import DossierError
from motcua.postal.models import Direction, Shipment, ShipmentState

S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$")
OTHER = re.compile(r"^[A-Z0-9]{6,30}$")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit of the eight-digit serial number."""
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(remainder, remainder)


def clean_tracking_number(raw: str) -> str:
    number = re.sub(r"[\s-]", "", raw).upper()
    match = S10.match(number)
    if match:
        if s10_check_digit(match.group(1)) != int(match.group(2)):
            raise DossierError(f"Số hiệu bưu gửi {number} sai chữ số kiểm tra; xin kiểm tra lại.")
        return number
    if not OTHER.match(number):
        raise DossierError("Số hiệu bưu gửi chỉ gồm 6–30 chữ cái và chữ số.")
    return number


def _snapshot(shipment: Shipment) -> dict[str, Any]:
    return {
        "dossier": shipment.dossier.code or shipment.dossier_id,
        "direction": shipment.direction,
        "tracking_number": shipment.tracking_number,
        "handed_at": shipment.handed_at,
        "delivered_at": shipment.delivered_at,
        "state": shipment.state,
    }


def _create(**values: Any) -> Shipment:
    try:
        with transaction.atomic():
            return Shipment.objects.create(**values)
    except IntegrityError as exc:
        raise DossierError(
            f"Số hiệu bưu gửi {values['tracking_number']} đã được ghi cho một hồ sơ khác."
        ) from exc


@transaction.atomic
def record_postal_arrival(
    dossier: Dossier, *, actor: User, tracking_number: str, posted_at: dt.datetime
) -> Shipment:
    """The parcel a dossier came in: its tracking number and the posting date."""
    if dossier.channel != Channel.POSTAL:
        raise DossierError("Chỉ ghi bưu gửi đến cho hồ sơ nộp qua bưu chính.")
    if posted_at > dossier.received_at:
        raise DossierError("Ngày gửi bưu chính không thể sau ngày nhận hồ sơ.")
    shipment = _create(
        dossier=dossier,
        direction=Direction.INBOUND,
        tracking_number=clean_tracking_number(tracking_number),
        handed_at=posted_at,
        delivered_at=dossier.received_at,
        state=ShipmentState.DELIVERED,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="record_postal_arrival",
        object_type="shipment",
        object_id=shipment.pk,
        after=_snapshot(shipment),
    )
    return shipment


def open_outbound(dossier: Dossier, tracking_number: str, event: Any) -> Shipment:
    """Called inside the return_result act (postal/apps.py) when the result goes by post."""
    shipment = _create(
        dossier=dossier,
        direction=Direction.OUTBOUND,
        tracking_number=clean_tracking_number(tracking_number),
        handed_at=dossier.returned_at or timezone.now(),
        recorded_by=event.actor,
    )
    record(
        actor=event.actor,
        action="hand_to_post",
        object_type="shipment",
        object_id=shipment.pk,
        after=_snapshot(shipment),
    )
    return shipment


@transaction.atomic
def confirm_delivery(
    shipment: Shipment,
    *,
    actor: User,
    delivered_at: dt.datetime,
    delivered: bool = True,
    note: str = "",
) -> Shipment:
    """The post's report: delivered to the applicant on a date, or returned undelivered."""
    locked = Shipment.objects.select_for_update().select_related("dossier").get(pk=shipment.pk)
    if locked.direction != Direction.OUTBOUND or locked.state != ShipmentState.IN_TRANSIT:
        raise DossierError("Bưu gửi này không ở trạng thái đang chuyển phát.")
    if delivered_at < locked.handed_at:
        raise DossierError("Ngày phát không thể trước ngày giao cho bưu chính.")
    if not delivered and not note.strip():
        raise DossierError("Chuyển hoàn cần ghi lý do không phát được.")
    before = _snapshot(locked)
    locked.delivered_at = delivered_at
    locked.state = ShipmentState.DELIVERED if delivered else ShipmentState.RETURNED
    locked.note = note.strip()
    locked.save()
    record(
        actor=actor,
        action="confirm_postal_delivery",
        object_type="shipment",
        object_id=locked.pk,
        before=before,
        after=_snapshot(locked),
    )
    return locked


def postal_counts(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """For the narrative report (by local date): dossiers accepted that came by post, results
    returned by post (imported history included: the dossier's delivery method is the record),
    and what the shipments opened in the period became."""
    ids = list(unit_ids)
    mine = Dossier.objects.filter(receiving_unit_id__in=ids)
    received = mine.filter(
        channel=Channel.POSTAL, accepted_at__date__gte=start, accepted_at__date__lte=end
    ).count()
    returned = mine.filter(
        result_delivery=Delivery.POST, returned_at__date__gte=start, returned_at__date__lte=end
    ).count()
    shipments = Shipment.objects.filter(
        direction=Direction.OUTBOUND,
        dossier__receiving_unit_id__in=ids,
        handed_at__date__gte=start,
        handed_at__date__lte=end,
    ).aggregate(
        delivered=Count("pk", filter=Q(state=ShipmentState.DELIVERED)),
        undelivered=Count("pk", filter=Q(state=ShipmentState.RETURNED)),
        in_transit=Count("pk", filter=Q(state=ShipmentState.IN_TRANSIT)),
    )
    return {
        "received_by_post": received,
        "returned_by_post": returned,
        **{key: int(value or 0) for key, value in shipments.items()},
    }
