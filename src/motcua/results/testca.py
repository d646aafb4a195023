"""A local TEST certification authority for demonstrations and tests — never for real results.

`make_test_ca` creates (or reuses) a self-signed root "motcua TEST Root CA" in a directory and
issues one unit a signing certificate under it, written as `<unit code>.p12` (key, certificate
and the root; protected by MOTCUA_SIGNING_PASSWORD when set). The root is appended to
`trust-roots.pem`, which the verification page trusts. It also issues, once, THE TEST TSA's
certificate (`test-tsa.p12`, extended key usage timeStamping): with MOTCUA_SIGNING_TSA=test,
`load_test_tsa` time-stamps signatures in-process with it (PAdES B-T), standing for a
licensed time-stamping service the way the sandbox gateway stands for a bank. Every name
carries "TEST": a document signed with these keys must never be taken for a lawful signature.
In production the units' certificates come from a licensed certification authority, the trust
roots from its published root certificates, and the timestamps from a licensed time-stamping
service (MOTCUA_SIGNING_TSA=<its RFC 3161 address>; docs/results.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.domain.text import fold

ROOT_NAME = "motcua TEST Root CA"
TSA_NAME = "motcua TEST Time-Stamping Authority"
TSA_FILE = "test-tsa.p12"
ROOT_CERT = "test-root-ca.pem"
ROOT_KEY = "test-root-ca.key.pem"
TRUST_ROOTS = "trust-roots.pem"
# Long enough for the demo's 2023–2024 records and for years of use; a test CA does not expire
# during a demonstration.
NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2045, 12, 31, tzinfo=dt.UTC)


@dataclass(frozen=True)
class TestCaFiles:
    root_certificate: Path
    unit_pkcs12: Path
    trust_roots: Path
    created_root: bool
    tsa_pkcs12: Path


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _new_root(out: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(ROOT_NAME, "motcua TEST")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    (out / ROOT_CERT).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file = out / ROOT_KEY
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return certificate, key


def _load_root(out: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey] | None:
    cert_file, key_file = out / ROOT_CERT, out / ROOT_KEY
    if not (cert_file.exists() and key_file.exists()):
        return None
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return x509.load_pem_x509_certificate(cert_file.read_bytes()), key


def _trust(out: Path, root: x509.Certificate) -> Path:
    """Append the root to the trust bundle once."""
    bundle = out / TRUST_ROOTS
    pem = root.public_bytes(serialization.Encoding.PEM)
    existing = bundle.read_bytes() if bundle.exists() else b""
    if pem not in existing:
        bundle.write_bytes(existing + pem)
    return bundle


def make_test_ca(unit_code: str, unit_name: str, out: Path, password: str = "") -> TestCaFiles:
    """The TEST root (created once per directory) and a signing certificate for one unit."""
    out.mkdir(parents=True, exist_ok=True)
    loaded = _load_root(out)
    created = loaded is None
    root, root_key = loaded or _new_root(out)
    # ASCII names: the certificate is read by many tools; the unit's full name stays in the O.
    common = f"TEST {fold(unit_name).upper()} ({unit_code})"[:64]
    key, certificate = _leaf(_name(common, f"TEST {unit_name}"[:64]), root, root_key)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    bundle = pkcs12.serialize_key_and_certificates(
        f"TEST {unit_code}".encode(), key, certificate, [root], encryption
    )
    unit_file = out / f"{unit_code}.p12"
    unit_file.write_bytes(bundle)
    unit_file.chmod(0o600)
    return TestCaFiles(
        root_certificate=out / ROOT_CERT,
        unit_pkcs12=unit_file,
        trust_roots=_trust(out, root),
        created_root=created,
        tsa_pkcs12=_test_tsa(out, root, root_key),
    )


def _leaf(
    subject: x509.Name,
    root: x509.Certificate,
    root_key: rsa.RSAPrivateKey,
    *,
    time_stamping: bool = False,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A new key and its end-entity certificate under the TEST root (a TSA's: EKU timeStamping)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if time_stamping:
        usage = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING])
        builder = builder.add_extension(usage, critical=True)
    return key, builder.sign(root_key, hashes.SHA256())


def _test_tsa(out: Path, root: x509.Certificate, root_key: rsa.RSAPrivateKey) -> Path:
    """THE TEST TSA's key and certificate under the TEST root, made once per directory."""
    path = out / TSA_FILE
    if path.exists():
        return path
    key, certificate = _leaf(_name(TSA_NAME, "motcua TEST"), root, root_key, time_stamping=True)
    bundle = pkcs12.serialize_key_and_certificates(
        b"TEST TSA", key, certificate, [root], serialization.NoEncryption()
    )
    path.write_bytes(bundle)
    path.chmod(0o600)
    return path


def load_test_tsa(directory: Path) -> DummyTimeStamper:
    """THE TEST TSA (MOTCUA_SIGNING_TSA=test): RFC 3161 tokens signed in-process with the TEST
    TSA certificate of `directory` (made by `motcua results make-test-ca`)."""
    path = directory / TSA_FILE
    if not path.is_file():
        raise FileNotFoundError(path)
    key, certificate, others = pkcs12.load_key_and_certificates(path.read_bytes(), None)
    assert key is not None
    assert certificate is not None
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    pem = serialization.Encoding.PEM
    (tsa_cert,) = load_certs_from_pemder_data(certificate.public_bytes(pem))
    # The stamper adds its own certificate to each token: embed only the rest of the chain, so
    # every certificate is carried once (verifiers such as endesive refuse a repeated signer).
    chain = b"".join(c.public_bytes(pem) for c in others if c != certificate)
    return DummyTimeStamper(
        tsa_cert=tsa_cert,
        tsa_key=load_private_key_from_pemder_data(pem_key, None),
        certs_to_embed=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            load_certs_from_pemder_data(chain)
        ),
    )
