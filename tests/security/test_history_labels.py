"""A dossier's history shows every act by its Vietnamese label, never a raw act code."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

import motcua
from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.domain.dossier_states import Action
from motcua.dossiers.history import LABELS, OTHER, event_label
from tests.bundles.conftest import bundle_world
from tests.security.test_agency_scope import _at_the_police

__all__ = ["bundle_world"]
SOURCE = Path(motcua.__file__).parent
RECORDED = re.compile(r"""(?:action=|_audit\([^"'\n]*|_record\(request, )["']([a-z_]+)["']""")


def _recorded_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        codes |= set(RECORDED.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_act_code_recorded_in_the_source_has_a_vietnamese_label() -> None:
    codes = _recorded_codes() | {a.value for a in Action} | {"receive"}
    assert {"record_step_output", "certify_electronic_copy", "admin_delete"} <= codes
    petitions_and_accounts = {
        c for c in codes if c.endswith("_petition") or "citizen" in c or c.startswith("register_")
    }
    dossier_codes = (
        codes
        - petitions_and_accounts
        - {
            "login_locked",
            "start_draft",
            "save_draft",
            "rate_petition_answer",
            "import_procedure_version",
            "new_procedure_version",
            "append",
            "store_true",
        }
    )
    missing = sorted(c for c in dossier_codes if c not in LABELS)
    assert missing == []
    assert event_label("record_step_output") == "ghi kết quả của bước liên thông"
    assert event_label("certify_electronic_copy") == "chứng thực bản sao điện tử từ bản chính"
    assert event_label("a_code_nobody_named") == OTHER


def test_the_dossier_page_history_shows_no_raw_act_code(bundle_world: dict[str, User]) -> None:
    dossier = _at_the_police(bundle_world)
    codes = set(
        AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier.pk)).values_list(
            "action", flat=True
        )
    )
    assert "record_step_output" in codes
    client = Client()
    client.force_login(bundle_world["tiepnhan"])
    page = client.get(f"/ho-so/{dossier.pk}/")
    assert page.status_code == 200
    timeline = page.content.decode().split('<ol class="timeline">')[1].split("</ol>")[0]
    for code in codes:
        assert f": {code}<" not in timeline, code
    assert "ghi kết quả của bước liên thông" in timeline
