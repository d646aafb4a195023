"""The report summary repaired, refilled by its migrations' frozen code, and exact under what
the acts do not see: a unit moved, a version regrouped, a set of units that is not whole
subtrees."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from typing import Any

import pytest
from django.core.management import call_command

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.portal.models import OutboxMessage
from motcua.reports.ii06a import ii06a
from motcua.reports.models import FlagCell, ReportCell
from motcua.reports.rebuild import differences, rebuild
from motcua.units.models import Unit
from tests.reports.summary_world import Act, run_acts


@pytest.mark.django_db
def test_rebuild_repairs_and_check_summary_reports(world: dict[str, Any]) -> None:
    run_acts(world, [Act(0, 9, "approve", 2, "1.000894"), Act(1, 9, "open", 0, "1.000894")], [])
    assert ReportCell.objects.exists()
    ReportCell.objects.filter(kind=1).delete()  # lost, as if written by hand
    Dossier.objects.update(due_day=None)
    assert FlagCell.objects.exists()
    assert differences() != []
    # The flag cells and events alone (the QĐ 766 counts) are checked and repaired too.
    call_command("report", "rebuild-summary", stdout=io.StringIO())
    assert differences() == []
    FlagCell.objects.filter(kind=1).delete()
    assert any("ô chỉ số" in line for line in differences())
    call_command("report", "rebuild-summary", stdout=io.StringIO())
    Dossier.objects.update(flag_events=None)
    assert any("sự kiện chỉ số" in line for line in differences())
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("report", "check-summary", stdout=out)
    assert "lệch" in out.getvalue()
    call_command("report", "rebuild-summary", stdout=io.StringIO())
    assert differences() == []
    out = io.StringIO()
    call_command("report", "check-summary", stdout=out)
    assert "khớp" in out.getvalue()
    assert rebuild()["dossiers_corrected"] == 0


@pytest.mark.django_db
def test_the_frozen_code_of_the_summary_migrations_fills_what_the_app_fills(
    world: dict[str, Any],
) -> None:
    """reports/migrations 0001 and 0002 run a frozen copy of the summary code (they import no
    app code): from the same rows it writes the cells and the day and flag columns the live
    code keeps."""
    fill = importlib.import_module("motcua.reports.migrations._frozen_cells").fill
    fill_flags = importlib.import_module("motcua.reports.migrations._frozen_flags").fill_flags
    run_acts(world, [Act(0, 9, "approve", 2, "1.000894"), Act(1, 9, "open", 0, "2.000815")], [])
    kept = sorted(
        ReportCell.objects.values_list("unit_id", "field_id", "kind", "grain", "day", "n")
    )
    flagged = sorted(FlagCell.objects.values_list("unit_id", "kind", "grain", "day", "n"))
    Dossier.objects.update(due_day=None, flag_events=None)
    stats = fill(Dossier, ReportCell, Unit, ProcedureVersion)
    fill_flags(Dossier, FlagCell, Unit, ProcedureVersion, Payment, OutboxMessage)
    assert stats["dossiers_corrected"] > 0
    assert differences() == []
    assert (
        sorted(ReportCell.objects.values_list("unit_id", "field_id", "kind", "grain", "day", "n"))
        == kept
    )
    assert sorted(FlagCell.objects.values_list("unit_id", "kind", "grain", "day", "n")) == flagged


@pytest.mark.django_db
def test_a_moved_unit_and_a_regrouped_version_keep_the_summary_exact(
    world: dict[str, Any],
) -> None:
    """The keys the acts do not see: a unit under another parent, a version's field or level."""
    run_acts(world, [Act(0, 9, "approve", 2, "1.000894"), Act(1, 9, "open", 0, "2.000815")], [])
    commune: Unit = world["unit"]
    old_parent = commune.parent
    assert old_parent is not None
    start, end = dt.date(2024, 3, 1), dt.date(2024, 3, 31)
    before = ii06a(old_parent, start, end).as_json()["total"]["c3"]
    assert before == 2
    other = Unit.objects.exclude(pk__in=[commune.pk, old_parent.pk]).filter(parent=None).first()
    assert other is not None
    commune.parent = other
    commune.save()
    assert differences() == []
    assert ii06a(old_parent, start, end).as_json()["total"]["c3"] == 0
    assert (
        ii06a(other, start, end, source="summary").as_json()
        == ii06a(other, start, end, source="rows").as_json()
    )
    version = Dossier.objects.exclude(accepted_at=None).first().procedure_version  # type: ignore[union-attr]
    version.level = "district" if version.level != "district" else "commune"
    version.save()
    assert differences() == []
    summary = ii06a(other, start, end, source="summary").as_json()
    assert summary == ii06a(other, start, end, source="rows").as_json()
    assert version.level in {row["level"]["code"] for row in summary["rows"]}


@pytest.mark.django_db
def test_a_set_of_units_that_is_not_whole_subtrees_is_counted_from_the_rows(
    world: dict[str, Any],
) -> None:
    from motcua.reports.ii06a import counts_by_field

    run_acts(world, [Act(0, 9, "approve", 2, "1.000894")], [])
    commune: Unit = world["unit"]
    assert commune.parent is not None
    partial = [commune.parent.pk]  # the province without its communes: only its own dossiers
    start, end = dt.date(2024, 3, 1), dt.date(2024, 3, 31)
    assert counts_by_field(partial, start, end) == counts_by_field(partial, start, end, "rows")
    assert counts_by_field(partial, start, end) == []
    assert counts_by_field(set(), start, end) == []
