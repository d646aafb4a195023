"""The II.06a summary: dossier events counted by scope unit, field, level, kind and Vietnam day,
month and year.

Kept exact by reports/maintain.py (docs/reports.md "Summary table"); the row-level computation
(reports/ii06a.py `aggregate`) stays the oracle.
"""

from __future__ import annotations

from django.db import models


class ReportCell(models.Model):
    # The unit and every unit below it: a dossier is counted under its competent unit and
    # under each unit above that one.
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("catalog.Field", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=20)
    kind = models.PositiveSmallIntegerField()
    grain = models.CharField(max_length=1)  # "d": day, "m": month (the 1st), "y": year (1/1)
    day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "ô tổng hợp báo cáo"
        verbose_name_plural = "bảng tổng hợp báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "grain", "day", "field", "level", "kind"], name="one_report_cell"
            ),
        ]
        # The reads (read.cumulative) are index-only: a range of (unit, grain, day), then
        # the group columns and n from the index itself.
        indexes = [
            models.Index(
                fields=["unit", "grain", "day", "field", "level", "kind", "n"],
                name="report_cell_read",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.grain} {self.day} {self.unit_id} {self.field_id} {self.level} "
            f"{self.kind}: {self.n}"
        )


class FlagCell(models.Model):
    """The QĐ 766 dossier counts (reports/flags.py): flag events by scope unit, procedure (0
    unless the kind is counted distinct by procedure), kind and Vietnam day, month and year."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    procedure_id = models.IntegerField(default=0)  # not a foreign key: 0 = every procedure
    kind = models.PositiveSmallIntegerField()
    grain = models.CharField(max_length=1)  # "d", "m", "y" as in ReportCell
    day = models.DateField()
    n = models.BigIntegerField(default=0)  # sums of fees (đồng) too

    class Meta:
        verbose_name = "ô tổng hợp chỉ số"
        verbose_name_plural = "bảng tổng hợp chỉ số"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "grain", "day", "procedure_id", "kind"], name="one_flag_cell"
            ),
        ]
        indexes = [
            models.Index(
                fields=["unit", "grain", "day", "procedure_id", "kind", "n"], name="flag_cell_read"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.day} {self.unit_id} {self.procedure_id} {self.kind}: {self.n}"
