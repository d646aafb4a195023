"""A procedure version that a dossier uses cannot change under it: the JSON reload, the Excel
import and the admin refuse, and the dossier keeps the time limit it was given."""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.catalog.excel import SheetError, export_catalog, import_catalog
from motcua.catalog.loader import CatalogError
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import load_catalog
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, resume, suspend
from motcua.dossiers.services import accept_dossier, receive_dossier
from tests.catalog_data import catalog
from tests.conftest import PASSWORD
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")
MESSAGE = "đã được dùng cho hồ sơ nên không được sửa"


@pytest.fixture
def accepted(receiving_officer: User) -> Dossier:
    """Marriage registration (3 working days) accepted Monday 04/3/2024 08:00 → due Thu 07/3."""
    dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))
    return accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))


def _version(dossier: Dossier) -> ProcedureVersion:
    return ProcedureVersion.objects.get(pk=dossier.procedure_version_id)


def test_the_dossier_keeps_its_limit_when_the_version_is_rewritten_underneath(
    accepted: Dossier,
    receiving_officer: User,
    make_staff: Callable[..., User],
) -> None:
    specialist = make_staff(Role.SPECIALIST, "chuyenvien", "Trần Văn Bình")
    assert (accepted.time_limit_value, accepted.time_limit_unit) == (3, "working_days")
    # A rewrite that bypasses every check (direct SQL): the promise to the citizen holds.
    ProcedureVersion.objects.filter(pk=accepted.procedure_version_id).update(time_limit_value=13)
    hand_over(
        accepted, actor=receiving_officer, to_user=specialist, step_order=2, at=vn(2024, 3, 4, 9)
    )
    suspend(accepted, actor=specialist, reason="Xác minh hộ tịch", at=vn(2024, 3, 5, 8, 0))
    resumed = resume(accepted, actor=specialist, at=vn(2024, 3, 5, 9, 0))
    # One working hour paused: Thu 07/3 17:00 → Fri 08/3 08:00, not 13 working days.
    assert resumed.due_at == vn(2024, 3, 8, 8, 0)


def test_a_json_reload_that_changes_a_used_version_is_refused(accepted: Dossier) -> None:
    data = copy.deepcopy(catalog())
    row = next(r for r in data["procedures"] if r["code"] == "1.000894")
    row["time_limit"] = {**row["time_limit"], "value": 13}
    with pytest.raises(CatalogError) as refused:
        load_catalog(data)
    assert MESSAGE in refused.value.problems[0]
    assert "1.000894" in refused.value.problems[0]
    assert _version(accepted).time_limit_value == 3


def test_the_same_json_reloads_without_touching_a_used_version(accepted: Dossier) -> None:
    version = _version(accepted)
    parts = list(version.components.values_list("pk", flat=True))
    load_catalog(catalog())
    assert _version(accepted).time_limit_value == 3
    assert list(version.components.values_list("pk", flat=True)) == parts


def test_an_excel_import_on_the_used_version_s_date_is_refused(accepted: Dossier) -> None:
    version = _version(accepted)
    sheet = export_catalog(dt.date(2024, 3, 4))
    with pytest.raises(SheetError) as refused:
        import_catalog(io.BytesIO(sheet), version.valid_from)
    assert any(MESSAGE in problem for problem in refused.value.problems)
    assert ProcedureVersion.objects.filter(procedure=version.procedure).count() == 1


def test_an_excel_import_from_a_later_date_makes_an_audited_new_version(
    accepted: Dossier, administrator: User
) -> None:
    sheet = export_catalog(dt.date(2024, 3, 4))
    changed = import_catalog(io.BytesIO(sheet), dt.date(2026, 12, 1), actor=administrator)
    procedure = Procedure.objects.get(code="1.000894")
    assert procedure.versions.count() == 2
    events = AuditEvent.objects.filter(object_type="procedure_version", actor=administrator)
    assert events.filter(action="new_procedure_version").count() == changed
    assert events.filter(action="import_procedure_version").count() == changed


def test_the_admin_shows_a_used_version_read_only_and_refuses_a_post(
    accepted: Dossier, administrator: User
) -> None:
    client = Client()
    assert client.login(username=administrator.username, password=PASSWORD)
    url = f"/quan-tri/catalog/procedureversion/{accepted.procedure_version_id}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert MESSAGE in page.content.decode()
    assert 'name="time_limit_value"' not in page.content.decode()
    assert client.post(url, {"time_limit_value": "13"}).status_code == 403
    assert _version(accepted).time_limit_value == 3


def test_the_admin_still_edits_a_version_no_dossier_uses(administrator: User) -> None:
    client = Client()
    assert client.login(username=administrator.username, password=PASSWORD)
    unused = ProcedureVersion.objects.get(procedure__code="2.000815")
    page = client.get(f"/quan-tri/catalog/procedureversion/{unused.pk}/change/")
    assert 'name="time_limit_value"' in page.content.decode()
