"""schemathesis over /api/openapi.json, in-process (WSGI): no 5xx, and every answer is documented
— its status code, its content type, its headers and its body schema.

Passes (identity × generation mode): a receiving officer of thị trấn Phú Mỹ (CSRF token, fresh
Idempotency-Key) with data valid by the schema, with data that violates it, and with the path ids
drawn from real dossiers and PAKN in several states (so the acts reach the services, not a 404)
and, for the creates (dossier, payment, portal dossier), valid bodies with a few values removed or
replaced by any JSON at any depth (random bodies rarely pass the first check);
an anonymous client; a citizen with one submitted dossier. The portal's signature is checked for
real in the anonymous pass and taken as valid in the officer's passes (the body is what is fuzzed;
the signature has its own tests in tests/portal).

Short (CI): a few examples per operation and pass, ≈ 340 requests. MOTCUA_LONG_RELIABILITY=1: at
least 5 000 requests per endpoint group (OpenAPI tag = router), counted and printed.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from motcua.accounts.models import User
from motcua.catalog.models import Fee
from motcua.citizens.models import Submission
from motcua.citizens.services import register_citizen
from motcua.dossiers.services import accept_dossier, receive_dossier, request_intake_supplement
from motcua.feedback.services import PetitionIn, receive_petition
from motcua.units.models import Unit
from tests.dossiers.conftest import intake
from tests.portal.test_inbound import submitted

DOSSIER: dict[str, Any] = {
    "procedure_code": "1.000894",
    "applicant": {
        "name": "Nguyễn Thị Ngọc Ánh",
        "id_number": "089190000123",
        "birth_date": "1990-03-02",
        "phone": "0912345678",
    },
    "components": [{"name": "Tờ khai đăng ký kết hôn", "digitised": True, "count": 1}],
    "sets_count": 1,
}
LONG = os.environ.get("MOTCUA_LONG_RELIABILITY") == "1"
PER_GROUP = 5000  # the long run's floor of requests per endpoint group
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE


@dataclasses.dataclass(frozen=True)
class Pass:
    who: str  # "officer", "anonymous", "citizen"
    mode: GenerationMode
    targeted: bool  # path ids drawn from the real rows
    short: int  # examples per operation in CI
    share: float  # share of the long run's requests


PASSES = [
    Pass("officer", POSITIVE, False, 3, 0.3),
    Pass("officer", NEGATIVE, False, 2, 0.2),
    Pass("officer", POSITIVE, True, 3, 0.3),
    Pass("anonymous", POSITIVE, False, 1, 0.1),
    Pass("citizen", POSITIVE, True, 1, 0.1),
]


@pytest.fixture
def api_schema(reference: None) -> Iterator[Any]:
    """The schema served by the app; requests go through WSGI in this process. As Django's test
    client does, the per-request connection closing is switched off, or the test transaction
    (PostgreSQL) would be closed by the first request."""
    from motcua.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _session(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": "a" * 32}


@pytest.fixture
def world(receiving_officer: User, settings: Any) -> dict[str, Any]:
    """Who calls, and the ids the targeted passes aim at: dossiers received, accepted, waiting
    for an intake supplement, submitted by the citizen; one PAKN."""
    settings.MOTCUA_PORTAL = dataclasses.replace(
        settings.MOTCUA_PORTAL, inbound_secret="khoa-bi-mat-cua-phep-thu-fuzz"
    )
    unit = Unit.objects.get(code="30406")
    receiving_officer.unit = unit
    receiving_officer.save()
    received = [receive_dossier(intake(), actor=receiving_officer) for _ in range(4)]
    accept_dossier(received[1], actor=receiving_officer)
    request_intake_supplement(
        received[2],
        actor=receiving_officer,
        missing=["Giấy xác nhận tình trạng hôn nhân"],
        reason="Thiếu giấy tờ",
    )
    citizen = register_citizen(
        personal_id="089190000123",
        full_name="Nguyễn Thị Ngọc Ánh",
        password=None,
        birth_date=intake().applicant.birth_date,
    )
    Submission.objects.create(dossier=received[3], citizen=citizen, submitted_at=timezone.now())
    paying = receive_dossier(intake("2.000815"), actor=receiving_officer)
    fee = Fee.objects.get(version__procedure__code="2.000815")
    petition = receive_petition(
        PetitionIn(
            unit=unit,
            kind="behaviour",
            name="Lê Văn Tư",
            subject="Trễ hẹn trả kết quả",
            content="Hồ sơ của tôi đã quá hạn mà chưa được trả kết quả.",
            phone="0912 345 678",
        )
    )
    return {
        "payment": {"fee_id": fee.pk, "pages": 3, "copies": 2, "method": "cash"},
        "cookies": {
            "officer": _session(receiving_officer),
            "anonymous": {},
            "citizen": _session(citizen.user),
        },
        "ids": {
            "dossier_id": [d.pk for d in (*received, paying)],
            "petition_id": [petition.pk],
        },
    }


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=400),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated(draw: Any, value: Any) -> Any:
    """A valid body with a few of its values (at any depth) removed or replaced by any JSON."""
    if isinstance(value, dict) and value:
        out = dict(value)
        for key in draw(st.lists(st.sampled_from(sorted(value)), max_size=2, unique=True)):
            how = draw(st.integers(0, 2))
            if how == 0:
                out.pop(key)
            else:
                out[key] = draw(JSON if how == 1 else mutated(value[key]))
        return out
    if isinstance(value, list) and value:
        i = draw(st.integers(0, len(value) - 1))
        return [*value[:i], draw(mutated(value[i])), *value[i + 1 :]]
    return draw(JSON)


def _valid_bodies(world: dict[str, Any]) -> dict[str, Any]:
    """Per operation, valid bodies to mutate: random ones rarely get past the first check."""
    portal = st.integers(0, 999_999).map(
        lambda n: submitted(code=f"G22.99-240304-{n:06d}", DonViXuLy="30406")
    )
    return {
        "POST /api/v1/dossiers/": st.just(DOSSIER),
        "POST /api/v1/dossiers/{dossier_id}/payments": st.just(world["payment"]),
        "POST /api/v1/portal/inbound": portal,
    }


def _strategy(operation: Any, run: Pass, world: dict[str, Any]) -> Any:
    if not run.targeted:
        return operation.as_strategy(generation_mode=run.mode)
    ids = world["ids"]
    targets = [p.name for p in operation.path_parameters if p.name in ids]
    bodies = _valid_bodies(world).get(operation.label) if run.who == "officer" else None
    if not targets and bodies is None:
        return None
    paths = (
        st.sampled_from(ids[targets[0]]).map(lambda pk: {targets[0]: pk}) if targets else st.none()
    )
    if bodies is None:
        return paths.flatmap(
            lambda path: operation.as_strategy(generation_mode=run.mode, path_parameters=path)
        )
    return st.tuples(paths, bodies.flatmap(mutated)).flatmap(
        lambda pair: operation.as_strategy(
            generation_mode=run.mode, path_parameters=pair[0], body=pair[1]
        )
    )


def _group(operation: Any) -> str:
    return str((operation.tags or ["?"])[0])


def test_api_never_fails_and_documents_every_answer(
    api_schema: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 30
    groups = Counter(_group(op) for op in operations)
    made: Counter[str] = Counter()  # requests per group
    by_status: Counter[int] = Counter()
    started = time.monotonic()

    def fuzz(operation: Any, run: Pass, examples: int) -> None:
        strategy = _strategy(operation, run, world)
        if strategy is None or examples < 1:
            return
        cookies = world["cookies"][run.who]
        signed = run.who != "anonymous"  # the portal's signature: see the module docstring
        monkeypatch.setattr("motcua.portal.api.signature_ok", lambda *a: signed)

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: Any) -> None:
            if made.total() % 100 < 90:  # the rate limits (429) are met 10 calls in 100
                cache.clear()
            headers = {}
            if "Idempotency-Key" not in (case.headers or {}):
                headers["Idempotency-Key"] = uuid.uuid4().hex
            if "csrftoken" in cookies:
                headers["X-CSRFToken"] = cookies["csrftoken"]
            response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
            made[_group(operation)] += 1
            by_status[response.status_code] += 1

        try:
            call()
        except Unsatisfiable:  # nothing to negate (no parameters, no body)
            assert run.mode == NEGATIVE, operation.label

    for run in PASSES:
        for operation in operations:
            group_size = groups[_group(operation)]
            long = math.ceil(PER_GROUP * run.share / group_size)
            fuzz(operation, run, long if LONG else run.short)
    if LONG:  # hypothesis stops early on operations with few inputs: top the groups up
        for round_ in range(5):
            short = {g: PER_GROUP - made[g] for g in groups if made[g] < PER_GROUP}
            for operation in operations:
                if _group(operation) in short:
                    deficit = math.ceil(short[_group(operation)] / groups[_group(operation)])
                    fuzz(operation, PASSES[round_ % 2], deficit + 10)
    elapsed = time.monotonic() - started
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(  # noqa: T201  (the figures docs/reliability.md records; pytest -s shows them)
        f"\napi fuzz ({engine}, {'long' if LONG else 'short'}): {made.total()} requests in "
        f"{elapsed:.0f} s; per group {dict(made)}; per status {dict(sorted(by_status.items()))}"
    )
    assert set(made) == set(groups)
    if LONG:
        assert min(made.values()) >= PER_GROUP, made
    else:
        assert made.total() >= len(operations) * 5
    assert by_status[200] + by_status[201] > 0  # the fuzz got past the refusals somewhere
