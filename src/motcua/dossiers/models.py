"""Dossiers (hồ sơ) received at the desk, by post or online.

Status and dates are stored for queries; the audit chain (audit.AuditEvent, object_type
"dossier") holds every act, and `clock_events` the deadline clock's own events, from which the
due dates are recomputed (domain.deadlines.DeadlineClock). Only dossiers/services.py writes here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from motcua.domain.dossier_states import Status
from motcua.dossiers.indexes import DOSSIER_INDEXES, OPEN_STATUSES
from motcua.dossiers.lookups import LiteralIn


def open_status_q() -> Q:
    """Not finished: every status that still allows an act (the desk's first tab)."""
    return Q(status__literal_in=OPEN_STATUSES)


class Channel(models.TextChoices):
    COUNTER = "counter", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Bưu chính công ích"


class Delivery(models.TextChoices):
    DESK = "desk", "Tại Bộ phận Một cửa"
    POST = "post", "Qua bưu chính công ích"
    ELECTRONIC = "electronic", "Bản điện tử"


class CollectorRole(models.TextChoices):
    APPLICANT = "applicant", "Chủ hồ sơ (người nộp)"
    AUTHORISED = "authorised", "Người được ủy quyền"


class ApplicantKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    ORGANISATION = "organisation", "Tổ chức"


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


STATUS_CHOICES = [(status.value, status.label) for status in Status]


class Dossier(models.Model):
    code = models.CharField("mã hồ sơ", max_length=40, unique=True, null=True, blank=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        verbose_name="thủ tục (phiên bản áp dụng)",
    )
    receiving_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name="đơn vị tiếp nhận",
    )
    competent_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
        verbose_name="cơ quan giải quyết",
    )
    channel = models.CharField("kênh nộp", max_length=10, choices=Channel.choices)
    status = models.CharField(
        "trạng thái",
        max_length=30,
        choices=STATUS_CHOICES,
        default=Status.RECEIVED.value,
        db_index=True,
    )
    # Applicant (chủ hồ sơ) and optional representative.
    applicant_kind = models.CharField(
        "loại chủ hồ sơ", max_length=15, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField("họ tên / tên tổ chức", max_length=200)
    applicant_name_fold = models.CharField(max_length=200, db_index=True, editable=False)
    applicant_id_number = models.CharField(
        "số định danh cá nhân / mã số tổ chức", max_length=20, blank=True, db_index=True
    )
    applicant_birth_date = models.DateField("ngày sinh", null=True, blank=True)
    applicant_sex = models.CharField("giới tính", max_length=6, choices=Sex.choices, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    applicant_address_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="xã, phường nơi cư trú",
    )
    applicant_phone = models.CharField("số điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    representative_name = models.CharField(
        "người đại diện / người nộp thay", max_length=200, blank=True
    )
    representative_id_number = models.CharField(
        "số định danh người đại diện", max_length=20, blank=True
    )
    representative_phone = models.CharField("điện thoại người đại diện", max_length=20, blank=True)
    sets_count = models.PositiveSmallIntegerField("số bộ hồ sơ", default=1)
    result_delivery = models.CharField(
        "hình thức nhận kết quả", max_length=12, choices=Delivery.choices, default=Delivery.DESK
    )
    delivery_address = models.CharField("địa chỉ nhận kết quả", max_length=300, blank=True)
    # Dates (aware, UTC in the database).
    received_at = models.DateTimeField("thời điểm nhận hồ sơ")
    accepted_at = models.DateTimeField(
        "thời điểm tiếp nhận (bắt đầu tính hạn)", null=True, blank=True
    )
    # The time limit the dossier was given when it was received, from its pinned version: the
    # deadline clock replays with it, whatever happens to the catalogue afterwards (a version in
    # use is read-only, catalog/services.check_editable). Null only for rows written before it
    # existed and for generated benchmark rows: then the version's limit is used.
    time_limit_value = models.PositiveIntegerField(
        "thời hạn giải quyết đã hẹn", null=True, editable=False
    )
    time_limit_unit = models.CharField(
        "đơn vị thời hạn đã hẹn", max_length=20, blank=True, editable=False
    )
    due_at = models.DateTimeField("hạn trả kết quả", null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField("hạn ban đầu", null=True, blank=True)
    extended_due_at = models.DateTimeField("hạn sau gia hạn", null=True, blank=True)
    resolved_at = models.DateTimeField("thời điểm có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("thời điểm trả kết quả", null=True, blank=True)
    ended_at = models.DateTimeField("thời điểm kết thúc không có kết quả", null=True, blank=True)
    # Who collected the result at the desk (written by the return act only).
    collector_name = models.CharField("người nhận kết quả", max_length=200, blank=True)
    collector_id_number = models.CharField(
        "số định danh người nhận kết quả", max_length=20, blank=True
    )
    collector_role = models.CharField(
        "tư cách người nhận", max_length=12, choices=CollectorRole.choices, blank=True
    )
    clock_events = models.JSONField("sự kiện tính hạn", default=list, editable=False)
    # The Vietnam days of accepted_at, due_at, resolved_at, ended_at as the report summary
    # (reports.ReportCell) last counted them; kept by reports/maintain.py only, never by hand.
    accepted_day = models.DateField(null=True, blank=True, editable=False)
    due_day = models.DateField(null=True, blank=True, editable=False)
    resolved_day = models.DateField(null=True, blank=True, editable=False)
    ended_day = models.DateField(null=True, blank=True, editable=False)
    # The QĐ 766 flag events (reports/flags.py) the summary last counted; null = not counted.
    flag_events = models.JSONField(null=True, blank=True, editable=False)
    # Snapshot flags the indicators count (set by the acts; imported as given by the portal).
    online_level = models.CharField("mức độ DVCTT khi nộp", max_length=10, blank=True)
    has_digitised_components = models.BooleanField("có thành phần số hóa", default=False)
    has_reused_data = models.BooleanField("có tái sử dụng dữ liệu", default=False)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)
    fees_collected = models.PositiveIntegerField("phí, lệ phí đã thu (đồng)", default=0)
    imported = models.BooleanField("nhập từ dữ liệu lịch sử", default=False)
    result_file = models.FileField("tệp kết quả", upload_to="ket-qua/%Y/%m/", blank=True)
    electronic_result = models.BooleanField("có kết quả điện tử", default=False)
    electronic_certified_copy = models.BooleanField("chứng thực bản sao điện tử", default=False)
    e_certified_copies = models.PositiveSmallIntegerField(
        "số bản sao điện tử đã chứng thực", default=0
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tiếp nhận",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đang xử lý",
    )
    idempotency_key = models.CharField(
        max_length=80, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = DOSSIER_INDEXES

    def __str__(self) -> str:
        return self.code or f"(chưa tiếp nhận) #{self.pk}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


Dossier._meta.get_field("status").register_lookup(LiteralIn)


class CopyKind(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    PRESENTED = "presented", "Xuất trình"


class DossierComponent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    catalog_component = models.ForeignKey(
        "catalog.Component", on_delete=models.PROTECT, null=True, blank=True
    )
    name = models.CharField("tên giấy tờ", max_length=500)
    copy_kind = models.CharField("loại bản", max_length=20, choices=CopyKind.choices)
    count = models.PositiveSmallIntegerField("số lượng", default=1)
    digitised = models.BooleanField("đã số hóa", default=False)
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người số hóa và ký số",
    )
    reused = models.BooleanField("tái sử dụng từ kho dữ liệu", default=False)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"

    def __str__(self) -> str:
        return self.name


class DailySequence(models.Model):
    """The day's last dossier number for one agency code (gapless: it rolls back with the act)."""

    agency_code = models.CharField(max_length=20)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số thứ tự hồ sơ trong ngày"
        verbose_name_plural = "số thứ tự hồ sơ trong ngày"
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="one_sequence_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"


class Timeliness(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class HandOver(models.Model):
    """One hand-over along the internal process (a row of the Phiếu kiểm soát)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="hand_overs")
    seq = models.PositiveSmallIntegerField("thứ tự")
    step_order = models.PositiveSmallIntegerField("bước quy trình", null=True, blank=True)
    step_name = models.CharField("nội dung bước", max_length=300)
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="bên giao",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bên nhận",
    )
    to_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan nhận"
    )
    at = models.DateTimeField("thời điểm giao")
    step_due_at = models.DateTimeField("hạn của bước")
    finished_at = models.DateTimeField("thời điểm hoàn thành bước", null=True, blank=True)
    timeliness = models.CharField(
        "kết quả bước", max_length=10, choices=Timeliness.choices, blank=True
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "lần chuyển xử lý"
        verbose_name_plural = "quá trình chuyển xử lý"
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="one_hand_over_per_seq"),
        ]
        # the steps a unit holds now (permissions.visible_parts): only the open ones indexed
        indexes = [
            models.Index(
                fields=["to_unit"], condition=Q(finished_at__isnull=True), name="handover_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.seq} → {self.to_user or self.to_unit}"


class IssuedDocument(models.Model):
    """A form issued by an act, stored unchanged with the audit event that produced it.

    The row and its ``context`` (the form's content as JSON) are written in the act's
    transaction; the PDF is rendered from that context after commit (dossiers/issued.py), so
    ``file`` and ``sha256`` are blank until then. Rows issued before contexts were stored have
    an empty context and a file.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    event = models.ForeignKey(
        "audit.AuditEvent", on_delete=models.PROTECT, verbose_name="sự kiện phát hành"
    )
    form_key = models.CharField("mẫu", max_length=40)  # e.g. "TT03_2025/01"
    title = models.CharField("tên văn bản", max_length=200)
    context = models.JSONField("nội dung biểu mẫu", default=dict, blank=True)
    file = models.FileField("tệp", upload_to="bieu-mau/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the file, once rendered
    issued_at = models.DateTimeField("thời điểm phát hành", auto_now_add=True)

    class Meta:
        verbose_name = "biểu mẫu đã phát hành"
        verbose_name_plural = "biểu mẫu đã phát hành"
        ordering = ["dossier", "issued_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.form_key})"


class OpinionKind(models.TextChoices):
    APPRAISAL = "appraisal", "Ý kiến thẩm định"
    APPROVAL = "approval", "Ý kiến phê duyệt"
    SEND_BACK = "send_back", "Trả lại bước trước"
    STEP_RETURNED = "step_returned", "Cơ quan liên thông trả lại bước"


class Opinion(models.Model):
    """What an officer wrote at a step of the process: the specialist's appraisal (with an
    optional draft result), the leader's approval comment, the reason a dossier was sent back to
    the previous step or an inter-linked agency returned its step. Written by the acts only
    (dossiers/steps.py, processing.approve), each with its audit event."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="opinions")
    kind = models.CharField("loại", max_length=15, choices=OpinionKind.choices)
    text = models.TextField("nội dung")
    draft_file = models.FileField("dự thảo kết quả", upload_to="du-thao/%Y/%m/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người ghi",
    )
    at = models.DateTimeField("thời điểm")

    class Meta:
        verbose_name = "ý kiến xử lý"
        verbose_name_plural = "ý kiến xử lý"
        ordering = ["dossier", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"
