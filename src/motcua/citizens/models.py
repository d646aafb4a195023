"""Citizens (công dân), organisations acting through a representative, the citizen's data store
(kho dữ liệu), drafts of online dossiers and the link dossier ↔ citizen.

Only citizens/services.py writes here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

VERIFIED_VIA = [("vneid", "Đăng nhập bằng VNeID"), ("desk", "Cán bộ đối chiếu giấy tờ tại quầy")]


class CitizenProfile(models.Model):
    """A citizen's account: the personal ID number is the login (NĐ 59/2022: electronic ID)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_profile",
        verbose_name="tài khoản",
    )
    personal_id = models.CharField("số định danh cá nhân", max_length=12, unique=True)
    full_name = models.CharField("họ và tên", max_length=200)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=10, blank=True)  # as VNeID gives it
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    # VNeID's permanent address as units: the commune's mã ĐVHC on the official list (units/)
    # and the house number and street; empty for an address typed by the citizen
    address_commune = models.CharField(
        "mã ĐVHC xã, phường nơi thường trú", max_length=20, blank=True
    )
    address_street = models.CharField("số nhà, đường nơi thường trú", max_length=300, blank=True)
    identity_provider = models.CharField("cách xác thực", max_length=20, default="password")
    created_at = models.DateTimeField("ngày đăng ký", auto_now_add=True)
    # A self-registered number is unverified: the account sees only what it submitted itself.
    # VNeID (the identity provider vouches) or an officer at the desk verifies it
    # (citizens/identity.py).
    verified_at = models.DateTimeField("ngày xác thực số định danh", null=True, blank=True)
    verified_via = models.CharField(
        "cách xác thực số định danh", max_length=10, blank=True, choices=VERIFIED_VIA
    )
    closed_at = models.DateTimeField("ngày đóng tài khoản", null=True, blank=True)
    closed_reason = models.CharField("lý do đóng", max_length=300, blank=True)

    class Meta:
        verbose_name = "công dân"
        verbose_name_plural = "công dân"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.personal_id})"

    @property
    def verified(self) -> bool:
        return self.verified_at is not None and self.closed_at is None

    @classmethod
    def verified_holder(cls, personal_id: str) -> CitizenProfile | None:
        """The verified, open account of this number, or None."""
        return cls.objects.filter(
            personal_id=personal_id, verified_at__isnull=False, closed_at__isnull=True
        ).first()


class Organisation(models.Model):
    """An organisation (tổ chức) that submits through a representative citizen."""

    name = models.CharField("tên tổ chức", max_length=300)
    tax_code = models.CharField("mã số thuế / mã số doanh nghiệp", max_length=14, unique=True)
    address = models.CharField("địa chỉ trụ sở", max_length=300, blank=True)
    representative = models.ForeignKey(
        CitizenProfile,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name="người đại diện",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tổ chức"
        verbose_name_plural = "tổ chức"

    def __str__(self) -> str:
        return f"{self.name} (MST {self.tax_code})"


class AttemptKind(models.TextChoices):
    LOGIN = "login", "Đăng nhập"
    REGISTER = "register", "Đăng ký tài khoản"


class LoginAttempt(models.Model):
    """One citizen login or registration attempt, kept in the database so that every server
    process sees it (rate limits: citizens/identity_providers.py)."""

    kind = models.CharField(
        max_length=10, choices=AttemptKind.choices, default=AttemptKind.LOGIN, db_index=True
    )
    at = models.DateTimeField(db_index=True)
    personal_id = models.CharField(max_length=40, db_index=True)
    ip = models.CharField(max_length=45, db_index=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "lần đăng nhập"
        verbose_name_plural = "lần đăng nhập"

    def __str__(self) -> str:
        return f"{self.personal_id} {self.ip} {self.at:%Y-%m-%d %H:%M} {self.succeeded}"


class DocumentSource(models.TextChoices):
    UPLOAD = "upload", "Công dân tải lên"
    RESULT = "result", "Kết quả giải quyết TTHC"


class CitizenDocument(models.Model):
    """A document in the citizen's data store (kho dữ liệu cá nhân), reusable in later dossiers."""

    citizen = models.ForeignKey(
        CitizenProfile, on_delete=models.CASCADE, related_name="documents", verbose_name="công dân"
    )
    title = models.CharField("tên giấy tờ", max_length=300)
    file = models.FileField("tệp", upload_to="kho-du-lieu/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    source = models.CharField("nguồn", max_length=10, choices=DocumentSource.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hồ sơ phát sinh",
    )
    in_store = models.BooleanField(
        "hiện trong kho dữ liệu",
        default=True,
        help_text="Tệp tải lên cho một thành phần hồ sơ chỉ vào kho khi hồ sơ đã nộp.",
    )
    created_at = models.DateTimeField("ngày lưu", auto_now_add=True)

    class Meta:
        verbose_name = "giấy tờ trong kho dữ liệu"
        verbose_name_plural = "kho dữ liệu công dân"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Draft(models.Model):
    """An online dossier being prepared (hồ sơ nháp): save and come back, then submit once."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    citizen = models.ForeignKey(
        CitizenProfile, on_delete=models.CASCADE, related_name="drafts", verbose_name="công dân"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name="nộp cho"
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, verbose_name="thủ tục"
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nơi nộp",
    )
    data = models.JSONField("nội dung tờ khai", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Nháp {self.procedure_version.procedure.code} của {self.citizen}"


class DraftItem(models.Model):
    """The file given for one checklist component of a draft: uploaded now, or reused."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="items")
    component = models.ForeignKey("catalog.Component", on_delete=models.PROTECT)
    document = models.ForeignKey(CitizenDocument, on_delete=models.PROTECT)
    reused = models.BooleanField("tái sử dụng từ kho dữ liệu", default=False)

    class Meta:
        verbose_name = "giấy tờ trong hồ sơ nháp"
        verbose_name_plural = "giấy tờ trong hồ sơ nháp"
        constraints = [
            models.UniqueConstraint(fields=["draft", "component"], name="one_file_per_component"),
        ]

    def __str__(self) -> str:
        return f"{self.component} ← {self.document}"


class Submission(models.Model):
    """Who submitted an online dossier (and for which organisation)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="submission"
    )
    citizen = models.ForeignKey(
        CitizenProfile, on_delete=models.PROTECT, related_name="submissions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    draft = models.OneToOneField(
        Draft, on_delete=models.SET_NULL, null=True, blank=True, related_name="submission"
    )
    submitted_at = models.DateTimeField("thời điểm nộp")

    class Meta:
        verbose_name = "hồ sơ nộp trực tuyến"
        verbose_name_plural = "hồ sơ nộp trực tuyến"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.dossier} ← {self.citizen}"


class SubmittedFile(models.Model):
    """The electronic file behind one component of a submitted dossier."""

    component = models.OneToOneField(
        "dossiers.DossierComponent", on_delete=models.CASCADE, related_name="citizen_file"
    )
    document = models.ForeignKey(CitizenDocument, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "tệp đã nộp"
        verbose_name_plural = "tệp đã nộp"

    def __str__(self) -> str:
        return f"{self.component} ← {self.document}"
