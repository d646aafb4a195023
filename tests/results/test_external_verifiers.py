"""A signed, time-stamped result verifies in tools that are not ours: pdfsig, OpenSSL, endesive."""

from __future__ import annotations

from pathlib import Path

from asn1crypto import cms as asn1_cms  # type: ignore[import-untyped]
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.results.services import issue_electronic_result
from motcua.results.testca import ROOT_CERT
from tests.results.external import endesive_pdf, last_signature, run, timestamp_token
from tests.results.helpers import stored


def test_a_signed_result_verifies_in_pdfsig_openssl_and_endesive(
    for_approval: Dossier, leader: User, signing: Path, settings: Settings, tmp_path: Path
) -> None:
    settings.SIGNING_TSA = "test"
    result = issue_electronic_result(
        for_approval, actor=leader, title="Giấy khai sinh", body="Nội dung kết quả."
    )
    data = stored(result)
    root = signing / ROOT_CERT
    pdf = tmp_path / "ket-qua.pdf"
    pdf.write_bytes(data)

    # poppler: the signature matches the bytes and covers the whole signed revision
    pdfsig = run("pdfsig", "-nocert", pdf)
    assert "Signature is Valid." in pdfsig, pdfsig

    # OpenSSL: the CMS signature over the /ByteRange, to the TEST root …
    signature, signed = last_signature(data)
    (tmp_path / "sig.der").write_bytes(signature)
    (tmp_path / "signed.bin").write_bytes(signed)
    cms = run(
        "openssl", "cms", "-verify", "-binary", "-inform", "DER",
        "-in", tmp_path / "sig.der", "-content", tmp_path / "signed.bin",
        "-CAfile", root, "-purpose", "any", "-out", tmp_path / "content.bin",
    )  # fmt: skip
    assert "Verification successful" in cms, cms
    # … and the timestamp token over the signature value, to the same root
    token, value = timestamp_token(signature)
    (tmp_path / "token.der").write_bytes(token)
    (tmp_path / "value.bin").write_bytes(value)
    ts = run(
        "openssl", "ts", "-verify", "-token_in", "-in", tmp_path / "token.der",
        "-data", tmp_path / "value.bin", "-CAfile", root,
    )  # fmt: skip
    assert "Verification: OK" in ts, ts

    # endesive's full verification: hash, signature, certificate path and timestamp
    last, _ = endesive_pdf().verify(data, [root.read_bytes()])  # the last signature
    assert (last.hashok, last.signatureok, last.certok) == (True, True, True)
    assert last.tspok is True, last.tspmsg


def test_the_test_tsa_carries_each_certificate_once(
    for_approval: Dossier, leader: User, settings: Settings
) -> None:
    settings.SIGNING_TSA = "test"
    result = issue_electronic_result(for_approval, actor=leader, title="Giấy khai sinh", body="…")
    token, _ = timestamp_token(last_signature(stored(result))[0])
    certificates = [c.dump() for c in asn1_cms.ContentInfo.load(token)["content"]["certificates"]]
    assert len(certificates) == 2  # the TSA's and the TEST root's
    assert len(set(certificates)) == len(certificates)
