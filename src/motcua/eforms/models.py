"""The values of an e-form: on a citizen's draft while it is prepared, on the dossier once it is
submitted (online) or received (at the counter). The definition is the dossier's procedure
version's (catalog ProcedureVersion.eform), which never changes once a dossier uses it.

Only eforms/services.py writes here.
"""

from __future__ import annotations

from django.db import models


class FormData(models.Model):
    draft = models.OneToOneField(
        "citizens.Draft",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eform",
        verbose_name="hồ sơ nháp",
    )
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eform",
        verbose_name="hồ sơ",
    )
    values = models.JSONField("nội dung tờ khai", default=dict, blank=True)
    prefilled = models.JSONField(
        "trường lấy từ định danh điện tử", default=list, blank=True, editable=False
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "tờ khai điện tử"
        verbose_name_plural = "tờ khai điện tử"

    def __str__(self) -> str:
        return f"Tờ khai {self.dossier_id or self.draft_id}"
