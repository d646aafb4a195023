"""The II.06a summary: dossier counts by unit, procedure version, Vietnam day or month and kind.

Kept exact by reports/summary.py (docs/reports.md "Summary table"); the row-level computation
(reports/ii06a.py `aggregate`) stays the oracle.
"""

from __future__ import annotations

from django.db import models


class ReportCell(models.Model):
    grain = models.CharField(max_length=1)  # "d": day, "m": month (day = the 1st)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField()
    kind = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "ô tổng hợp báo cáo"
        verbose_name_plural = "bảng tổng hợp báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "grain", "day", "version", "kind"], name="one_report_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.unit_id} {self.version_id} {self.day} {self.kind}: {self.n}"
