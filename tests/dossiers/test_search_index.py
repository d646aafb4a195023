"""The search box's trigram index follows the dossiers: a new dossier, a corrected name, a
deleted dossier (on SQLite the FTS5 table is kept by triggers that a later migration
rebuilding the dossier table would drop: this test then fails)."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.accounts.models import User
from motcua.domain.text import fold
from motcua.dossiers import desk_search
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.desk_helpers import clone_dossiers, make_dossier

# summary_drift: a bare copy made by bulk_create (desk_helpers)
pytestmark = [pytest.mark.summary_drift, pytest.mark.usefixtures("reference")]


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


def test_the_triggers_of_the_search_table_are_in_place(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL indexes the columns themselves (pg_trgm)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
    assert {"dossiers_search_insert", "dossiers_search_update", "dossiers_search_delete"} <= (
        triggers
    )


def test_a_new_renamed_and_deleted_dossier_is_found_as_it_now_is(officer: User) -> None:
    dossier = make_dossier(officer, name="Lê Thị Mỹ Dung", number=7)
    assert desk_search.candidates("my dung") == [dossier.pk]
    assert dossier.code
    assert desk_search.candidates(dossier.code[-8:].lower()) == [dossier.pk]
    Dossier.objects.filter(pk=dossier.pk).update(
        applicant_name="Lê Thị Mỹ Dung Hà", applicant_name_fold=fold("Lê Thị Hà")
    )
    assert desk_search.candidates("my dung") == []
    assert desk_search.candidates("le thi ha") == [dossier.pk]
    # a dossier is never deleted once acted on (its records protect it); a bare copy can be
    (copy,) = clone_dossiers(dossier, 1)
    assert desk_search.candidates("le thi ha") == sorted([dossier.pk, copy])
    Dossier.objects.filter(pk=copy).delete()
    assert desk_search.candidates("le thi ha") == [dossier.pk]


def test_a_common_text_hands_over_to_the_scan(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_dossier(officer, name="Phạm Văn Nam", number=1)
    second = make_dossier(officer, name="Phạm Thị Nga", number=2)
    assert desk_search.candidates("pham") == sorted([first.pk, second.pk])
    monkeypatch.setattr(desk_search, "CANDIDATES", 1)
    assert desk_search.candidates("pham") is None
    found = Dossier.objects.filter(desk_search.condition("pham"))
    assert sorted(found.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
