from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.models import Fee
from motcua.core.privacy import mask_person_name
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.dossiers.public import ATTEMPTS
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.payments.services import FeeQuantity, assess_fees, record_payment
from tests.dossiers.conftest import intake

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def accepted(receiving_officer: User) -> Dossier:
    cache.clear()
    return accept_dossier(
        receive_dossier(intake(), actor=receiving_officer), actor=receiving_officer
    )


def test_the_status_shows_with_the_right_second_factor(client: Client, accepted: Dossier) -> None:
    html = client.post("/tra-cuu/", {"ma": accepted.code, "so": "5678"}).content.decode()
    assert "Đã tiếp nhận" in html
    assert "Nguyễn T*** N*** Á***" in html
    assert "Nguyễn Thị Ngọc Ánh" not in html
    assert "0912345678" not in html


@pytest.mark.parametrize("second", ["1234", "", "56789", "abcd"])
def test_a_wrong_second_factor_looks_like_a_wrong_code(
    client: Client, accepted: Dossier, second: str
) -> None:
    wrong = client.post("/tra-cuu/", {"ma": accepted.code, "so": second}).content.decode()
    unknown = client.post("/tra-cuu/", {"ma": "H01-000000-0001", "so": "5678"}).content.decode()
    assert "Không tìm thấy hồ sơ khớp" in wrong
    assert "Không tìm thấy hồ sơ khớp" in unknown
    assert "Đã tiếp nhận" not in wrong


def test_guessing_is_rate_limited(client: Client, accepted: Dossier) -> None:
    for _ in range(ATTEMPTS):
        client.post("/tra-cuu/", {"ma": accepted.code, "so": "0000"})
    response = client.post("/tra-cuu/", {"ma": accepted.code, "so": "5678"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_names_are_masked() -> None:
    assert mask_person_name("Nguyễn Thị Ngọc Ánh") == "Nguyễn T*** N*** Á***"
    assert mask_person_name("Hà") == "H***"


def test_the_status_shows_the_current_step_and_a_fee_owed_and_then_neither(
    client: Client, receiving_officer: User, make_staff: Any
) -> None:
    cache.clear()
    dossier = accept_dossier(
        receive_dossier(intake("2.000815"), actor=receiving_officer), actor=receiving_officer
    )
    [payment] = assess_fees(
        dossier,
        [FeeQuantity(Fee.objects.get(version=dossier.procedure_version).pk)],
        actor=receiving_officer,
    )
    specialist = make_staff(Role.SPECIALIST, "cv", "Trần Văn Bình")
    hand_over(dossier, actor=receiving_officer, to_user=specialist, step_order=2)
    step = dossier.hand_overs.get()
    html = client.post("/tra-cuu/", {"ma": dossier.code, "so": "5678"}).content.decode()
    assert f"Đang xử lý tại</dt><dd>{step.step_name} — {step.to_unit.name}" in html
    assert "Thanh toán phí, lệ phí trực tuyến" in html
    record_payment(payment, actor=receiving_officer, method="cash")
    html = client.post("/tra-cuu/", {"ma": dossier.code, "so": "5678"}).content.decode()
    assert "Thanh toán phí, lệ phí trực tuyến" not in html
    assert "Đang xử lý tại" in html
