from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.sign import signers

from motcua.results.testca import ROOT_CERT, TSA_FILE, load_test_tsa


def test_make_test_ca_creates_a_root_once_and_a_key_per_unit(
    reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("results", "make-test-ca", "--unit", "30406", "--out", str(tmp_path))
    root = (tmp_path / ROOT_CERT).read_bytes()
    tsa = (tmp_path / TSA_FILE).read_bytes()  # THE TEST TSA's certificate, made with the root
    call_command(
        "results",
        "make-test-ca",
        "--unit",
        "30406-2025",
        "--out",
        str(tmp_path),
        "--password",
        "pw",
    )
    assert (tmp_path / ROOT_CERT).read_bytes() == root  # reused, not replaced
    assert (tmp_path / TSA_FILE).read_bytes() == tsa
    stamper = load_test_tsa(tmp_path)
    assert "TEST Time-Stamping Authority" in stamper.tsa_cert.subject.human_friendly
    assert stamper.tsa_cert.extended_key_usage_value.native == ["time_stamping"]
    assert len(list(load_certs_from_pemder_data((tmp_path / "trust-roots.pem").read_bytes()))) == 1
    signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
        str(tmp_path / "30406-2025.p12"), passphrase=b"pw"
    )
    assert signer is not None
    assert "TEST" in signer.signing_cert.subject.human_friendly
    assert "30406-2025" in signer.signing_cert.subject.human_friendly
    assert (tmp_path / "30406.p12").stat().st_mode & 0o077 == 0
    assert "THỬ NGHIỆM" in capsys.readouterr().out


def test_make_test_ca_refuses_an_unknown_unit(reference: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("results", "make-test-ca", "--unit", "NOPE", "--out", str(tmp_path))
