"""An electronic certified copy is not released to its owner before its fee is paid."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.citizens.models import Submission
from motcua.citizens.services import register_citizen
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.payments.services import record_payment
from motcua.results.models import IssuedResult
from tests.results.test_certification import _certify


def test_the_owner_downloads_the_certified_copy_only_once_its_fee_is_paid(
    copy_request: Dossier, leader: User, officer: User
) -> None:
    owner = register_citizen(
        personal_id="089190000123", full_name="Nguyễn Thị Ngọc Ánh", password="Mat-khau-2026-ok"
    )
    Submission.objects.create(dossier=copy_request, citizen=owner, submitted_at=timezone.now())
    _certify(copy_request, leader, pages=3)  # the fee is assessed, not collected
    copy = IssuedResult.objects.get(dossier=copy_request)
    client = Client()
    client.force_login(owner.user)
    url = reverse("results:download", args=[copy.pk])
    refused = client.get(url)
    assert refused.status_code == 403
    page = client.get(reverse("citizens:dossier", args=[copy_request.pk])).content.decode()
    assert url not in page
    owed = Payment.objects.get(dossier=copy_request).amount
    assert owed > 0
    assert f"Thanh toán {owed:,} đồng trực tuyến".replace(",", ".") in page
    record_payment(Payment.objects.get(dossier=copy_request), actor=officer, method="cash")
    released = client.get(url)
    assert released.status_code == 200
    assert released.content.startswith(b"%PDF")
