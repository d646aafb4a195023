from typing import Any

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = "Phí, lệ phí và thanh toán"

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef

        from motcua.dossiers.detail_extras import add_detail_context
        from motcua.dossiers.fee_rules import FeeRules, set_fee_rules
        from motcua.payments.models import Payment, PaymentStatus
        from motcua.payments.services import dossier_balance

        def waiting_fee() -> Exists:
            return Exists(
                Payment.objects.filter(dossier=OuterRef("pk"), status=PaymentStatus.WAITING)
            )

        def receipt_dossiers(text: str, limit: int) -> list[int]:
            found = Payment.objects.filter(receipt_number__iexact=text).values_list("dossier_id")
            return [pk for (pk,) in found.order_by().distinct()[:limit]]

        # what dossiers asks about fees: the balance the return act checks, the public page's
        # "waiting for payment", the staff search by receipt number (dossiers/fee_rules.py)
        set_fee_rules(FeeRules(dossier_balance, waiting_fee, receipt_dossiers))

        def fees(user: Any, dossier: Any) -> dict[str, Any]:
            return {"payments": Payment.objects.filter(dossier=dossier)}

        # the dossier page lists the dossier's fees with their receipts (dossiers/detail_extras.py)
        add_detail_context("payments", fees)
