"""PAdES B-T: signatures time-stamped by a time-stamping authority (RFC 3161).

THE TEST TSA in-process (MOTCUA_SIGNING_TSA=test), the HTTP adapter against a local RFC 3161
server answering with the TEST TSA's key, a TSA that does not answer (nothing issued), and a
timestamp from an authority outside the trust roots (not genuine)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from asn1crypto import tsp  # type: ignore[import-untyped]
from django.test import Client
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.results.models import IssuedResult
from motcua.results.services import ResultError, issue_electronic_result
from motcua.results.testca import ROOT_CERT, load_test_tsa, make_test_ca
from motcua.results.verification import verify_document, verify_registered
from tests.results.helpers import pyhanko_status, stored


def _issue(dossier: Dossier, leader: User) -> IssuedResult:
    return issue_electronic_result(dossier, actor=leader, title="Giấy khai sinh", body="…")


@pytest.fixture
def tsa_server(signing: Path) -> Iterator[tuple[str, list[int]]]:
    """A local RFC 3161 server (application/timestamp-query → -reply) with THE TEST TSA's key."""
    stamper = load_test_tsa(signing)
    requests: list[int] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(len(body))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", requests
    server.shutdown()
    server.server_close()


def test_the_test_tsa_makes_a_b_t_signature_and_the_page_shows_its_time(
    for_approval: Dossier, leader: User, signing: Path, settings: Settings, client: Client
) -> None:
    settings.SIGNING_TSA = "test"
    result = _issue(for_approval, leader)
    status = pyhanko_status(stored(result), signing / ROOT_CERT)
    stamp = status.timestamp_validity
    assert stamp is not None
    assert stamp.intact
    assert stamp.valid
    assert stamp.trusted
    assert "TEST Time-Stamping Authority" in stamp.signing_cert.subject.human_friendly
    assert abs((stamp.timestamp - result.issued_at).total_seconds()) < 60
    verification = verify_registered(result)
    assert verification.genuine, verification.reason
    assert verification.timestamp == stamp.timestamp
    page = client.get(f"/xac-minh/{result.token}/").content.decode()
    assert "Thời điểm ký (dấu thời gian)" in page
    assert "TEST Time-Stamping Authority" in page


def test_the_http_adapter_asks_the_configured_tsa(
    for_approval: Dossier,
    leader: User,
    signing: Path,
    settings: Settings,
    tsa_server: tuple[str, list[int]],
) -> None:
    url, requests = tsa_server
    settings.SIGNING_TSA = url
    result = _issue(for_approval, leader)
    assert requests  # pyHanko asks once to size the signature, then for the real token
    stamp = pyhanko_status(stored(result), signing / ROOT_CERT).timestamp_validity
    assert stamp is not None
    assert stamp.trusted
    assert verify_document(stored(result)).genuine


def test_a_tsa_that_does_not_answer_stops_the_signing_and_changes_nothing(
    for_approval: Dossier, leader: User, settings: Settings
) -> None:
    settings.SIGNING_TSA = "http://127.0.0.1:9/tsa"  # nothing listens there
    with pytest.raises(ResultError, match="Không lấy được dấu thời gian"):
        _issue(for_approval, leader)
    assert IssuedResult.objects.count() == 0
    assert Dossier.objects.get(pk=for_approval.pk).status == for_approval.status


def test_a_timestamp_from_an_untrusted_authority_is_not_genuine(
    for_approval: Dossier, leader: User, settings: Settings, tmp_path: Path, signing: Path
) -> None:
    make_test_ca("30406", "Thị trấn Phú Mỹ", tmp_path)  # another TEST root, with its own TSA
    (signing / "test-tsa.p12").rename(signing / "kept.p12")
    (signing / "test-tsa.p12").write_bytes((tmp_path / "test-tsa.p12").read_bytes())
    try:
        settings.SIGNING_TSA = "test"
        result = _issue(
            for_approval, leader
        )  # signed by the trusted unit key, stamped by a stranger
    finally:
        (signing / "kept.p12").replace(signing / "test-tsa.p12")
    verification = verify_registered(result)
    assert verification.genuine is False
    assert "Dấu thời gian của chữ ký không hợp lệ" in verification.reason


def test_without_a_tsa_the_signature_stays_b_b(
    for_approval: Dossier, leader: User, signing: Path, settings: Settings
) -> None:
    settings.SIGNING_TSA = ""
    result = _issue(for_approval, leader)
    assert pyhanko_status(stored(result), signing / ROOT_CERT).timestamp_validity is None
    verification = verify_registered(result)
    assert verification.genuine
    assert verification.timestamp is None
