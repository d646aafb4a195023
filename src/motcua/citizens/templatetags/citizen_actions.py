"""`{% citizen_actions dossier %}`: what the citizen can do next on "Hồ sơ của tôi" — pay a
waiting fee online, open the receipts of the fees paid, download the signed electronic result
(once nothing is owed), rate the service once returned."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier
from motcua.feedback.models import Rating
from motcua.payments.models import Payment, PaymentStatus
from motcua.results.models import IssuedResult

register = template.Library()


@register.inclusion_tag("citizens/_actions.html")
def citizen_actions(dossier: Dossier) -> dict[str, Any]:
    waiting = Payment.objects.filter(dossier=dossier, status=PaymentStatus.WAITING)
    return {
        "dossier": dossier,
        "owes": sum(p.amount for p in waiting),
        "receipts": Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID),
        # a step's own document is offered with its step ("Kết quả của các cơ quan liên thông")
        "results": IssuedResult.objects.filter(dossier=dossier, step_output__isnull=True).order_by(
            "issued_at"
        ),
        "can_rate": dossier.status == "returned"
        and not Rating.objects.filter(dossier=dossier).exists(),
    }
