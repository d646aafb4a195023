"""Inter-linked procedures (liên thông, NĐ 63/2024/NĐ-CP).

A bundle is ONE dossier of the group procedure (e.g. 2.002621: khai sinh → thường trú → thẻ BHYT
trẻ em dưới 6 tuổi), counted once in the statistics. Its steps are the group procedure's
internal process (catalogue data); a step performed by another agency is a hand-over of the
dossier to that agency's unit (dossiers.HandOver: its own deadline, status and hand-over slip,
judged early / on time / late on its own), so a delay is attributed to the agency that held it.

This app adds what the core lacks: which agency unit performs a step for a commune
(AgencyLink), what each step produced for the next and for the applicant (StepOutput: a title
and number, and the signed document when the step issued one), and a step waiting on a
precondition held by another agency (StepWait: the seed's deceased household head).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AgencyLink(models.Model):
    """For a commune: the unit that performs the steps of a performer kind (police, BHXH…)."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+"
    )
    performer = models.CharField("vai trò trong quy trình", max_length=30)
    agency = models.ForeignKey(
        "units.Unit", verbose_name="cơ quan thực hiện", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "cơ quan phối hợp liên thông"
        verbose_name_plural = "cơ quan phối hợp liên thông"
        constraints = [
            models.UniqueConstraint(fields=["commune", "performer"], name="one_agency_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.commune} / {self.performer} → {self.agency}"


class StepOutput(models.Model):
    """The result of one step, handed to the next (e.g. the birth certificate and its number)."""

    hand_over = models.OneToOneField(
        "dossiers.HandOver", on_delete=models.PROTECT, related_name="output"
    )
    title = models.CharField("kết quả của bước", max_length=200)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField()
    # the step's document (the birth certificate, the residence notice) as signed by the unit
    # that performed the step; empty for a result that is data (the BHYT card code: `number`)
    document = models.OneToOneField(
        "results.IssuedResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="step_output",
        verbose_name="văn bản điện tử đã ký số",
    )

    class Meta:
        verbose_name = "kết quả bước liên thông"
        verbose_name_plural = "kết quả bước liên thông"

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class StepWait(models.Model):
    """A step that cannot finish until another agency does something first."""

    hand_over = models.ForeignKey(
        "dossiers.HandOver", on_delete=models.PROTECT, related_name="waits"
    )
    reason = models.CharField("điều kiện chờ", max_length=300)
    waiting_on = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "điều kiện chờ của bước"
        verbose_name_plural = "điều kiện chờ của bước"

    def __str__(self) -> str:
        return self.reason
