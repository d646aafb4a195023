from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.models import Fee
from motcua.core.privacy import mask_person_name
from motcua.core.ratelimit import attempts
from motcua.domain.dossier_states import Status
from motcua.dossiers import public
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


def test_the_one_statement_returns_what_the_orm_query_returns(
    client: Client, receiving_officer: User, make_staff: Any
) -> None:
    """`_find` runs the ORM query compiled once; the oracle is the same queryset run by the ORM
    (dates as aware datetimes on both engines, the current step, a fee owed)."""
    dossier = accept_dossier(
        receive_dossier(intake("2.000815"), actor=receiving_officer), actor=receiving_officer
    )
    assess_fees(
        dossier,
        [FeeQuantity(Fee.objects.get(version=dossier.procedure_version).pk)],
        actor=receiving_officer,
    )
    hand_over(dossier, actor=receiving_officer, to_user=make_staff(Role.SPECIALIST), step_order=2)
    assert dossier.code is not None
    found = public._find(dossier.code)
    assert found is not None
    assert found == public._queryset(dossier.code).first()
    assert found["owes"] is True
    assert found["step_unit"]
    assert found["accepted_at"].tzinfo
    assert public._find("H01-000000-0001") is None


def test_a_cached_card_is_never_served_without_the_second_factor(
    client: Client, accepted: Dossier
) -> None:
    """Right code, wrong digits after a good look-up filled the card cache: refused, counted,
    and nothing of the card in the answer."""
    public._card.cache_clear()
    good = client.post("/tra-cuu/", {"ma": accepted.code, "so": "5678"}).content.decode()
    assert "Nguyễn T*** N*** Á***" in good
    assert public._card.cache_info().currsize == 1
    wrong = client.post("/tra-cuu/", {"ma": accepted.code, "so": "5679"})
    html = wrong.content.decode()
    assert wrong.status_code == 200
    assert "Không tìm thấy hồ sơ khớp" in html
    assert "N***" not in html
    assert 'role="status"' not in html
    assert "Đã tiếp nhận" not in html
    assert attempts(public.GUESS_BUCKET, "127.0.0.1") == 2  # both look-ups counted


def _card_of(html: str) -> str:
    return html[html.index('<div class="card" role="status">') : html.index("</section>")]


def test_the_card_follows_the_dossier_when_its_status_changes(
    client: Client, receiving_officer: User, make_staff: Any
) -> None:
    public._card.cache_clear()
    dossier = accept_dossier(
        receive_dossier(intake(), actor=receiving_officer), actor=receiving_officer
    )
    before = client.post("/tra-cuu/", {"ma": dossier.code, "so": "5678"}).content.decode()
    assert f"<strong>{Status.ACCEPTED.label}</strong>" in before
    again = client.post("/tra-cuu/", {"ma": dossier.code, "so": "5678"}).content.decode()
    assert public._card.cache_info().hits == 1  # the second look-up was served from the cache
    assert _card_of(again) == _card_of(before)
    hand_over(dossier, actor=receiving_officer, to_user=make_staff(Role.SPECIALIST), step_order=2)
    dossier.refresh_from_db()
    assert dossier.status != Status.ACCEPTED
    after = client.post("/tra-cuu/", {"ma": dossier.code, "so": "5678"}).content.decode()
    assert f"<strong>{Status(dossier.status).label}</strong>" in after
    assert f"<strong>{Status.ACCEPTED.label}</strong>" not in after
    assert "Đang xử lý tại" in after


def test_a_look_up_costs_one_query_and_writes_no_session(
    client: Client, accepted: Dossier, django_assert_num_queries: Any
) -> None:
    """The data in one statement; the count is one more on PostgreSQL (the UNLOGGED table), none
    on the main SQLite database (the side file). An anonymous visitor gets no session."""
    expected = 2 if connection.vendor == "postgresql" else 1
    with django_assert_num_queries(expected):
        response = client.post("/tra-cuu/", {"ma": accepted.code, "so": "5678"})
    assert "Nguyễn T*** N*** Á***" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies
