import hashlib
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from motcua.accounts.models import User
from motcua.audit.chain import GENESIS, canonical, verify
from motcua.audit.middleware import AuditOriginMiddleware
from motcua.audit.models import AuditEvent, AuditHead
from motcua.audit.services import current_origin, origin, record

pytestmark = pytest.mark.django_db


def _events(actor: User | None, count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record(
                actor=actor,
                action="test_act",
                object_type="dossier",
                object_id=number,
                before={"status": "received"},
                after={"status": "accepted", "n": number},
            )


def test_an_honest_chain_verifies(receiving_officer: User) -> None:
    with origin(channel="cli"):
        _events(receiving_officer, 5)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "Nhật ký toàn vẹn: 5 sự kiện" in out.getvalue()
    event = AuditEvent.objects.get(seq=1)
    assert event.origin == {"channel": "cli"}
    assert event.actor_label == "Nguyễn Thị Lan (tiepnhan)"
    assert AuditEvent.objects.get(seq=2).prev_hash == event.hash


def test_an_altered_row_is_named(receiving_officer: User) -> None:
    _events(receiving_officer, 5)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = 'forged' WHERE seq = 3")
    assert verify().first_broken == 3
    with pytest.raises(CommandError, match="sự kiện số 3: nội dung đã bị thay đổi"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_a_deleted_row_is_named(receiving_officer: User) -> None:
    _events(receiving_officer, 5)
    AuditEvent.objects.filter(seq=2).delete()
    verdict = verify()
    assert verdict.first_broken == 3
    assert verdict.reason == "thiếu sự kiện số 2"


def test_deleting_the_last_events_is_noticed(receiving_officer: User) -> None:
    _events(receiving_officer, 4)
    AuditEvent.objects.filter(seq=4).delete()
    assert verify().first_broken == 4


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the state change's transaction"):
        record(actor=None, action="x", object_type="t", object_id=1)


def test_web_requests_record_their_origin() -> None:
    seen: dict[str, str] = {}

    def capture(request: HttpRequest) -> HttpResponse:
        seen.update(current_origin())
        return HttpResponse("ok")

    request = RequestFactory().get("/api/v1/x", HTTP_USER_AGENT="pytest", REMOTE_ADDR="127.0.0.9")
    AuditOriginMiddleware(capture)(request)
    assert seen == {
        "channel": "api",
        "ip": "127.0.0.9",
        "user_agent": "pytest",
        "method": "GET",
        "path": "/api/v1/x",
    }


def test_behind_a_trusted_proxy_the_client_address_is_recorded(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MOTCUA_TRUSTED_PROXIES = ("10.0.0.0/24",)
    seen: dict[str, str] = {}

    def capture(request: HttpRequest) -> HttpResponse:
        seen.update(current_origin())
        return HttpResponse("ok")

    forwarded = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    AuditOriginMiddleware(capture)(forwarded)
    assert seen["ip"] == "203.0.113.7"  # the hop the proxy wrote, not the client's claim
    direct = RequestFactory().get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    AuditOriginMiddleware(capture)(direct)
    assert seen["ip"] == "198.51.100.2"  # not a proxy: its header is not believed


def test_admin_edits_go_into_the_chain(client, administrator: User) -> None:  # type: ignore[no-untyped-def]
    from motcua.units.models import Unit

    client.force_login(administrator)
    response = client.post(
        "/quan-tri/units/unit/add/",
        {
            "code": "X9",
            "name": "Xã Thử Nghiệm",
            "kind": "commune",
            "agency_code": "",
            "legal_ref": "",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="X9")
    event = AuditEvent.objects.get(action="admin_add")
    assert (event.object_type, event.object_id) == ("units.unit", str(unit.pk))
    assert event.after is not None
    assert event.after["name"] == "Xã Thử Nghiệm"
    assert verify().first_broken is None


def _as_before_the_key() -> None:
    """The chain as it was stored before the key: plain SHA-256 of the canonical JSON."""
    previous = GENESIS
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = previous
        event.hash = previous = hashlib.sha256(canonical(event).encode("utf-8")).hexdigest()
        event.save(update_fields=["prev_hash", "hash"])
    AuditHead.objects.filter(pk=1).update(last_hash=previous)


def _rekey() -> None:
    migration = importlib.import_module("motcua.audit.migrations.0003_keyed_chain")
    migration._rekey(django_apps, SimpleNamespace(connection=connection))


def test_the_keyed_chain_migration_reseals_a_plain_chain(receiving_officer: User) -> None:
    _events(receiving_officer, 4)
    _as_before_the_key()
    assert verify().first_broken == 1
    _rekey()
    assert verify().first_broken is None
    assert verify().checked == 4


def test_the_keyed_chain_migration_does_not_launder_a_broken_chain(
    receiving_officer: User,
) -> None:
    _events(receiving_officer, 4)
    _as_before_the_key()
    AuditEvent.objects.filter(seq=3).update(action="forged")
    stored = list(AuditEvent.objects.order_by("seq").values_list("hash", flat=True))
    with pytest.raises(RuntimeError, match="broken at event 3"):
        _rekey()
    assert list(AuditEvent.objects.order_by("seq").values_list("hash", flat=True)) == stored
