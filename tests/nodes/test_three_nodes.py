"""Three application processes (gunicorn, each its own process group) against one PostgreSQL
database, with clients that send the same request to two or three of them at once — what a
client retrying on another node, a double click behind a load balancer, or a payment gateway
repeating its callback does:

- intake: the same create (one Idempotency-Key) to two nodes at once, accept on the third;
- hand-overs: two hand-overs of one dossier at once from two nodes (clerk → specialist at step 2,
  specialist → leader at step 3);
- approval: the same approve to two nodes at once (one succeeds, the other is told 409);
- fees at the desk: the same payment (one Idempotency-Key) to two nodes at once, and another fee
  of the same dossier on the third node at the same moment;
- online payment: the sandbox gateway's signed "paid" callback delivered to all three nodes at
  once.

Then: codes gapless and unique, one dossier per key, every hand-over once with its own step
deadline (audited with it), one approval, every payment settled once (receipt numbers unique and
gapless, the dossier's collected amount the sum of its paid fees), the audit chain intact.

Short: 4 dossiers, all at once. MOTCUA_LONG_RELIABILITY=1: 60 dossiers, 6 at a time.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.db import connection

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.catalog.models import Fee
from motcua.catalog.services import load_catalog
from motcua.dossiers.models import Dossier, HandOver
from motcua.dossiers.processing import _step_due
from motcua.payments.gateway import signed
from motcua.payments.models import OnlinePayment, Payment, PaymentStatus, ReceiptSequence
from motcua.payments.online import start_online_payment
from motcua.payments.services import FeeQuantity, assess_fees
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.reliability.harness import (
    LONG,
    Gunicorn,
    check_chain,
    check_codes_gapless,
    database_url,
    server_env,
    staff_session,
)

pytestmark = pytest.mark.django_db(transaction=True)
DOSSIERS, AT_ONCE = (60, 6) if LONG else (4, 4)
FEE_PROCEDURE, PLAIN_PROCEDURE = "2.000815", "1.000894"
PAGES = 3  # 2 000 + 2 000 + 1 000 đồng (TT 226/2016)


def _body(procedure: str) -> dict[str, Any]:
    return {
        "procedure_code": procedure,
        "applicant": {"name": "Lê Thị Hồng", "id_number": "089190000777", "phone": "0912345678"},
    }


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[Gunicorn]]:
    if connection.vendor != "postgresql":
        pytest.skip("several hosts share one PostgreSQL database; SQLite is one host by design")
    load_reference_units()
    load_catalog(catalog())
    env = server_env(database_url(), MOTCUA_DATA_DIR=str(tmp_path))
    started = [
        Gunicorn(env, workers=1, threads=4, log=tmp_path / f"node{n}.log").start(wait=False)
        for n in range(3)
    ]
    try:
        for node in started:
            node.wait_ready()
        yield started
    finally:
        for node in started:
            node.stop()


class Desk:
    """One person's signed-in session, usable on any node."""

    def __init__(self, nodes: list[Gunicorn], username: str, role: Role) -> None:
        self.nodes, self.headers = nodes, staff_session(username, role)
        self.user = User.objects.get(username=username)

    def post(self, node: int, path: str, body: dict[str, Any] | None = None, key: str = "") -> Any:
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        return requests.post(
            f"{self.nodes[node % 3].base}{path}", json=body or {}, headers=headers, timeout=60
        )


def _at_once(*calls: Callable[[], requests.Response]) -> list[requests.Response]:
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def _ok(response: requests.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text[:300])
    return response.json()


def test_three_nodes_keep_intake_hand_overs_and_payments_correct(nodes: list[Gunicorn]) -> None:
    clerk = Desk(nodes, "ba-nut-tiepnhan", Role.RECEIVING_OFFICER)
    specialist = Desk(nodes, "ba-nut-chuyenvien", Role.SPECIALIST)
    leader = Desk(nodes, "ba-nut-lanhdao", Role.LEADER)
    fee = Fee.objects.get(version__procedure__code=FEE_PROCEDURE)
    started = time.monotonic()
    desk_payments: dict[str, tuple[int, str]] = {}  # key → (payment id, receipt number)

    def life(i: int) -> int:
        """One dossier's way through the three nodes; every step sent to several at once."""
        procedure = FEE_PROCEDURE if i % 2 else PLAIN_PROCEDURE
        key = f"three-nodes-{i}"
        path = "/api/v1/dossiers/"
        first, again = _at_once(
            lambda: clerk.post(i, path, _body(procedure), key=key),
            lambda: clerk.post(i + 1, path, _body(procedure), key=key),
        )
        pk = _ok(first, 201)["id"]
        assert _ok(again, 201)["id"] == pk  # the other node gave the same dossier
        _ok(clerk.post(i + 2, f"{path}{pk}/accept"))
        step_2 = {"to_username": specialist.user.username, "step_order": 2}
        step_3 = {"to_username": leader.user.username, "step_order": 3}
        to_specialist, to_leader = _at_once(
            lambda: clerk.post(i, f"{path}{pk}/hand-over", step_2),
            lambda: specialist.post(i + 1, f"{path}{pk}/hand-over", step_3),
        )
        _ok(to_specialist)
        _ok(to_leader)
        if procedure == FEE_PROCEDURE:
            pay = {"fee_id": fee.pk, "pages": PAGES, "method": "cash"}
            twice_a, twice_b, other = _at_once(
                lambda: clerk.post(i, f"{path}{pk}/payments", pay, key=f"{key}-fee-a"),
                lambda: clerk.post(i + 1, f"{path}{pk}/payments", pay, key=f"{key}-fee-a"),
                lambda: clerk.post(i + 2, f"{path}{pk}/payments", pay, key=f"{key}-fee-b"),
            )
            a, b = _ok(twice_a, 201), _ok(twice_b, 201)
            assert (a["id"], a["receipt_number"]) == (b["id"], b["receipt_number"])
            desk_payments[f"{key}-fee-a"] = (a["id"], a["receipt_number"])
            desk_payments[f"{key}-fee-b"] = (_ok(other, 201)["id"], other.json()["receipt_number"])
        else:
            approvals = _at_once(
                lambda: leader.post(i, f"{path}{pk}/approve"),
                lambda: leader.post(i + 1, f"{path}{pk}/approve"),
            )
            assert sorted(r.status_code for r in approvals) == [200, 409], [
                (r.status_code, r.text[:200]) for r in approvals
            ]
        return int(pk)

    with ThreadPoolExecutor(AT_ONCE) as pool:
        ids = list(pool.map(life, range(DOSSIERS)))

    # online payment: a waiting fee on each fee dossier, the gateway's "paid" callback delivered
    # to every node at once
    orders = []
    for dossier in Dossier.objects.filter(
        pk__in=ids, procedure_version__procedure__code=FEE_PROCEDURE
    ):
        assess_fees(dossier, [FeeQuantity(fee_id=fee.pk, pages=PAGES)], actor=clerk.user)
        attempt, _ = start_online_payment(dossier, return_url="http://127.0.0.1/ket-qua/")
        orders.append(attempt)
    secret, merchant = settings.MOTCUA_PAYMENT.secret, settings.MOTCUA_PAYMENT.merchant

    def deliver(attempt: OnlinePayment) -> None:
        notice = signed(
            {"merchant": merchant, "order_id": attempt.order_id, "amount": str(attempt.amount),
             "state": "paid", "gateway_ref": f"SBX{attempt.pk:08d}"},
            secret,
        )  # fmt: skip
        answers = _at_once(
            *(
                lambda node=node: requests.post(
                    f"{node.base}/thanh-toan/thong-bao/", data=notice, timeout=60
                )
                for node in nodes
            )
        )
        for answer in answers:
            assert _ok(answer)["state"] == "paid"

    with ThreadPoolExecutor(AT_ONCE) as pool:
        list(pool.map(deliver, orders))
    elapsed = time.monotonic() - started

    # one dossier per key, codes gapless and unique across the three nodes
    mine = Dossier.objects.filter(idempotency_key__contains=":three-nodes-")
    assert mine.count() == DOSSIERS == len(set(ids))
    assert check_codes_gapless() == DOSSIERS
    events: dict[tuple[str, str], list[AuditEvent]] = defaultdict(list)
    for event in AuditEvent.objects.order_by("seq"):
        events[(event.object_type, event.object_id)].append(event)

    # hand-overs: both recorded once, numbered 1 and 2, the first closed when the second began,
    # each with its own step deadline, audited with it
    for dossier in mine:
        steps = list(HandOver.objects.filter(dossier=dossier).order_by("seq"))
        assert [s.seq for s in steps] == [1, 2], dossier.pk
        assert sorted(s.step_order or 0 for s in steps) == [2, 3]
        assert steps[0].finished_at == steps[1].at
        share = {s.order: s.share for s in dossier.procedure_version.steps.all()}
        audited = [e for e in events[("dossier", str(dossier.pk))] if e.action == "hand_over"]
        assert len(audited) == 2
        for step, event in zip(steps, audited, strict=True):
            assert event.after is not None
            assert event.after["step"] == step.step_order
            assert step.step_due_at == _step_due(dossier, share[step.step_order or 0], step.at)
            assert abs(
                dt.datetime.fromisoformat(event.after["step_due_at"]) - step.step_due_at
            ) < dt.timedelta(milliseconds=1)
        approvals = [e for e in events[("dossier", str(dossier.pk))] if e.action == "approve"]
        plain = dossier.procedure_version.procedure.code == PLAIN_PROCEDURE
        assert len(approvals) == (1 if plain else 0)
        assert (dossier.status == "resolved") == plain

    # payments: each settled once, receipt numbers unique and gapless, amounts add up
    paid = list(Payment.objects.filter(dossier__in=mine, status=PaymentStatus.PAID))
    assert len(paid) == len(orders) * 3 == DOSSIERS // 2 * 3  # two at the desk and one online each
    assert {p.pk for p in paid} >= {pk for pk, _ in desk_payments.values()}
    assert Counter(p.idempotency_key for p in paid if p.idempotency_key) == Counter(
        f"{clerk.user.pk}:{key}" for key in desk_payments
    )
    receipts = sorted(int(p.receipt_number.split("/")[0]) for p in paid)
    assert receipts == list(range(1, len(paid) + 1))
    assert ReceiptSequence.objects.get().last == len(paid)
    for dossier in mine:
        amounts = [p.amount for p in paid if p.dossier_id == dossier.pk]
        assert dossier.fees_collected == sum(amounts) == (5000 * 3 if amounts else 0), dossier.pk
    for payment in paid:
        recorded = [e for e in events[("payment", str(payment.pk))] if e.action == "record_payment"]
        assert len(recorded) == 1, payment.pk
    for attempt in orders:
        attempt.refresh_from_db()
        assert (attempt.state, attempt.callbacks) == ("paid", 3)
        settled = events[("online_payment", str(attempt.pk))]
        assert [e.action for e in settled].count("settle_online_payment") == 1
    checked = check_chain()
    sys.stderr.write(
        f"three nodes: {DOSSIERS} dossiers ({AT_ONCE} at a time), {len(paid)} payments, "
        f"{len(orders) * 3} callbacks, {checked} audit events verified, {elapsed:.0f} s\n"
    )
