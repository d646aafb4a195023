"""Headers, sessions and resource limits: a Content-Security-Policy without inline script, an idle
timeout for staff sessions, HSTS and no plain HTTP in production, passwords unlike the full name,
request bodies refused by their announced size, and spreadsheet bombs refused before openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from motcua.accounts.models import User
from motcua.catalog.excel import SheetError, read_rows
from motcua.citizens.services import CitizenError, register_citizen

SRC = Path(__file__).resolve().parents[2] / "src" / "motcua"
# Templates rendered to PDF by WeasyPrint, never served to a browser: their <style> is the print
# layout and no Content-Security-Policy applies to them. The II.06a table gets its column widths
# only in the PDF (the page includes it with widths=None).
PDF_TEMPLATES = (
    "documents/templates/documents/",
    "_document.html",
    "results/document.html",
    "control/narrative.html",
    "reports/_ii06a_table.html",
    "eforms/declaration.html",  # printed by WeasyPrint only: its column width is measured
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.I)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (item.strip().split() for item in policy.split(";") if item.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.django_db
def test_every_response_carries_a_policy_that_allows_only_own_scripts(client: Client) -> None:
    for path in ("/", "/thu-tuc/", "/cong-dan/dang-nhap/", "/dang-nhap/", "/api/docs"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = _directives(response.headers.get("Content-Security-Policy", ""))
        assert policy.get("default-src") == ["'self'"], path
        assert policy.get("script-src") == ["'self'"], path  # no 'unsafe-inline', no CDN
        assert "'unsafe-inline'" not in policy.get("style-src", []), path
        assert policy.get("object-src") == ["'none'"], path
        assert policy.get("frame-ancestors") == ["'none'"], path
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), path
        assert not HANDLER.search(body), path
        assert "cdn" not in body.lower(), path


def test_no_page_template_holds_inline_script_handlers_or_styles() -> None:
    offenders = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        relative = template.relative_to(SRC).as_posix()
        if any(part in relative for part in PDF_TEMPLATES):
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, INLINE_STYLE):
            offenders += [f"{relative}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


@pytest.mark.django_db
def test_a_staff_session_ends_after_the_idle_timeout_and_slides_with_use(
    client: Client, receiving_officer: User
) -> None:
    def signed_in() -> bool:
        return bool(client.get("/").wsgi_request.user.is_authenticated)

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(receiving_officer)
        assert signed_in()
        clock.shift(dt.timedelta(minutes=20))
        assert signed_in()  # active: the 30 minutes start again
        clock.shift(dt.timedelta(minutes=20))
        assert signed_in()
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/ho-so/")
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
        login_page = client.get(response["Location"])
        assert "hết hạn" in login_page.content.decode()
        assert not signed_in()  # the session is gone, not just refused once


@pytest.mark.django_db
def test_a_password_like_the_full_name_is_refused_for_staff_and_citizens() -> None:
    staff = User(username="tiepnhan2", full_name="Nguyễn Thị Phương Lan")
    with pytest.raises(ValidationError) as refused:
        validate_password("nguyenthiphuonglan", staff)
    assert "họ và tên" in " ".join(refused.value.messages)
    validate_password("xe-dap-mau-do-1987", staff)
    with pytest.raises(CitizenError, match="họ và tên"):
        register_citizen(
            personal_id="089190000123",
            full_name="Trần Văn Khánh Hưng",
            password="TranVanKhanhHung",
            birth_date=dt.date(1990, 3, 2),
        )
    assert not User.objects.filter(username="089190000123").exists()


class _NeverRead(io.RawIOBase):
    """A request body that must not be read: reading it fails the test."""

    reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        _NeverRead.reads += 1
        raise AssertionError("the body of a refused request was read")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/xac-minh/", "/api/v1/feedback/petitions"])
def test_a_60_mb_body_is_refused_with_413_before_it_is_read(client: Client, path: str) -> None:
    _NeverRead.reads = 0
    environ: dict[str, Any] = {
        "CONTENT_LENGTH": str(60 * 1024 * 1024),
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "wsgi.input": _NeverRead(),
    }
    response = client.generic("POST", path, **environ)
    assert response.status_code == 413
    assert _NeverRead.reads == 0
    assert "quá lớn" in response.content.decode()


def _bomb(decompressed: int) -> bytes:
    """A real workbook whose first cell unpacks to `decompressed` bytes (the zip stays small)."""
    source = io.BytesIO()
    book = Workbook()
    book.worksheets[0].append(["STT", "Mã số TTHC", "Tên thủ tục"])
    book.save(source)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source.getvalue())) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                padding = b"A" * decompressed
                data = data.replace(b"<t>STT</t>", b"<t>STT" + padding + b"</t>")
            bomb.writestr(item, data)
    return out.getvalue()


@pytest.mark.django_db
def test_a_spreadsheet_bomb_is_refused_quickly_in_vietnamese() -> None:
    bomb = _bomb(80 * 1024 * 1024)
    assert len(bomb) < 300_000
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 80_000_000
    started = time.perf_counter()
    with pytest.raises(SheetError) as refused:
        read_rows(io.BytesIO(bomb))
    assert time.perf_counter() - started < 2
    assert "giải nén" in str(refused.value)


@pytest.mark.django_db
def test_a_spreadsheet_with_too_many_rows_is_refused_in_vietnamese() -> None:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["STT", "Mã số TTHC", "Tên thủ tục"])
    for number in range(1, 20_002):
        sheet.append([number])
    source = io.BytesIO()
    book.save(source)
    source.seek(0)
    with pytest.raises(SheetError) as refused:
        read_rows(source)
    assert "quá 20.000 dòng" in str(refused.value)


PRODUCTION = {
    "MOTCUA_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-test-key-0123456789",
    "MOTCUA_AUDIT_KEY": "a" * 20 + "-production-audit-key-0123456789",
    "MOTCUA_ALLOWED_HOSTS": "motcua.example.gov.vn",
    "MOTCUA_CSRF_TRUSTED_ORIGINS": "https://motcua.example.gov.vn",
    "MOTCUA_PUBLIC_URL": "https://motcua.example.gov.vn",
    "MOTCUA_PAYMENT_GATEWAY": "hmac",
    "MOTCUA_PAYMENT_URL": "https://pay.example.vn/pay",
    "MOTCUA_PAYMENT_QUERY_URL": "https://pay.example.vn/query",
    "MOTCUA_PAYMENT_SECRET": "s" * 40,
    "MOTCUA_TASK_QUEUE": "immediate",
    "MOTCUA_EMAIL": "file",
}
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST="motcua.example.gov.vn")
plain = client.get("/thu-tuc/")
proxied = client.get("/khong-co-trang-nay/", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "proxied": [proxied.status_code, proxied.headers.get("Strict-Transport-Security", "")],
}))
"""


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    keep.pop("DATABASE_URL", None)
    keep.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' conftest sets it
    return {
        **keep,
        **PRODUCTION,
        "MOTCUA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "PYTHONPATH": str(SRC.parent),
        **extra,
    }


def _probe(env: dict[str, str]) -> dict[str, list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_production_sends_hsts_and_redirects_plain_http(tmp_path: Path) -> None:
    result = _probe(_production(tmp_path))
    assert result["hsts"] == [31536000, True]
    assert result["cookies"] == [True, True]
    assert result["plain"] == [301, "https://motcua.example.gov.vn/thu-tuc/"]
    # Without MOTCUA_BEHIND_TLS_PROXY a client's X-Forwarded-Proto is not believed.
    assert result["proxied"][0] == 301


def test_production_behind_a_trusted_tls_proxy_believes_its_header(tmp_path: Path) -> None:
    result = _probe(_production(tmp_path, MOTCUA_BEHIND_TLS_PROXY="true"))
    assert result["plain"][0] == 301
    assert result["proxied"][0] == 404
    assert "includeSubDomains" in str(result["proxied"][1])


def test_production_refuses_to_run_without_https(tmp_path: Path) -> None:
    from motcua.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="MOTCUA_HTTPS"):
        load_config(_production(tmp_path, MOTCUA_HTTPS="false"))


# security.W021 (HSTS preload) is the one warning left on purpose: docs/deployment.md explains it.
EXPLAINED_WARNINGS = {"security.W021"}


def test_the_deploy_check_with_production_settings_has_no_unexplained_warning(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "check", "--deploy"],
        check=False,
        env=_production(tmp_path, MOTCUA_BEHIND_TLS_PROXY="true"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = done.stdout + done.stderr
    found = set(re.findall(r"\(([a-z_.]+\.[WE]\d+)\)", output))
    assert found <= EXPLAINED_WARNINGS, output
    deployment = (SRC.parents[1] / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert all(warning in deployment for warning in EXPLAINED_WARNINGS)
