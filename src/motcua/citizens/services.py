"""The only write path for citizens: accounts, organisations, the data store, drafts, submission.

Each function checks everything first (CitizenError with a Vietnamese message, nothing written),
then writes in one transaction with its audit event.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import IO, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from motcua.citizens.models import (
    CitizenDocument,
    CitizenProfile,
    DocumentSource,
    Draft,
    DraftItem,
    Organisation,
    Submission,
)
from motcua.citizens.uploads import CheckedFile, UploadError, check_file
from motcua.domain.identity import IdentityError, check_personal_id, normalise_phone
from motcua.domain.text import nfc
from motcua.dossiers.models import Channel, Dossier
from motcua.units.models import Unit
from motcua.units.picker import resolve_address_commune
from motcua.units.services import UnitError

ONLINE_LEVELS = (OnlineLevel.FULL.value, OnlineLevel.PARTIAL.value)
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


class CitizenError(ValueError):
    """Input refused; the message is for the citizen, in Vietnamese."""


def _contact(phone: str, email: str) -> tuple[str, str]:
    try:
        phone = normalise_phone(phone) if phone.strip() else ""
    except IdentityError as exc:
        raise CitizenError(str(exc)) from exc
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CitizenError("Địa chỉ thư điện tử không hợp lệ.") from None
    return phone, email


@transaction.atomic
def register_citizen(
    *,
    personal_id: str,
    full_name: str,
    password: str | None,
    phone: str = "",
    email: str = "",
    birth_date: dt.date | None = None,
    address: str = "",
    provider: str = "password",
) -> CitizenProfile:
    """Open a citizen account (no staff role, no unit): the personal ID number is the login."""
    try:
        personal_id = check_personal_id(personal_id, birth_date)
    except IdentityError as exc:
        raise CitizenError(str(exc)) from exc
    full_name = nfc(full_name).strip()
    if not full_name:
        raise CitizenError("Chưa nhập họ và tên.")
    phone, email = _contact(phone, email)
    if (
        CitizenProfile.objects.filter(personal_id=personal_id).exists()
        or User.objects.filter(username=personal_id).exists()
    ):
        raise CitizenError(
            "Không mở được tài khoản với số định danh cá nhân này. Nếu đã có tài khoản, hãy "
            "đăng nhập; nếu đây là số của ông/bà mà chưa từng đăng ký, hãy đăng nhập bằng VNeID "
            "hoặc đến Bộ phận Một cửa để được xác thực."
        )
    user = User(username=personal_id, full_name=full_name, phone=phone, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CitizenError(" ".join(exc.messages)) from None
        user.set_password(password)
    user.save()
    profile = CitizenProfile.objects.create(
        user=user,
        personal_id=personal_id,
        full_name=full_name,
        birth_date=birth_date,
        phone=phone,
        email=email,
        address=nfc(address).strip(),
        identity_provider=provider,
    )
    record(
        actor=user,
        action="register_citizen",
        object_type="citizen",
        object_id=profile.pk,
        after={"provider": provider},
    )
    return profile


@transaction.atomic
def register_organisation(
    citizen: CitizenProfile, *, name: str, tax_code: str, address: str = ""
) -> Organisation:
    """Record an organisation the citizen represents (người đại diện theo pháp luật/ủy quyền)."""
    name, tax_code = nfc(name).strip(), tax_code.strip()
    if not name:
        raise CitizenError("Chưa nhập tên tổ chức.")
    if not _TAX_CODE.match(tax_code):
        raise CitizenError("Mã số thuế phải gồm 10 chữ số (chi nhánh: 10 chữ số - 3 chữ số).")
    if not citizen.verified:
        raise CitizenError(
            "Chỉ tài khoản đã xác thực số định danh (đăng nhập bằng VNeID hoặc xác thực tại "
            "Bộ phận Một cửa) mới được đăng ký làm người đại diện của tổ chức."
        )
    if Organisation.objects.filter(tax_code=tax_code).exists():
        raise CitizenError("Tổ chức có mã số thuế này đã được đăng ký với người đại diện khác.")
    organisation = Organisation.objects.create(
        name=name, tax_code=tax_code, address=nfc(address).strip(), representative=citizen
    )
    record(
        actor=citizen.user,
        action="register_organisation",
        object_type="organisation",
        object_id=organisation.pk,
        after={"tax_code": tax_code, "representative": citizen.pk},
    )
    return organisation


def checked(name: str, stream: IO[bytes], size: int | None = None) -> CheckedFile:
    try:
        return check_file(name, stream, size)
    except UploadError as exc:
        raise CitizenError(f"Tệp “{name[:60]}”: {exc}") from exc


def store_document(
    citizen: CitizenProfile,
    file: CheckedFile,
    title: str,
    *,
    source: str,
    in_store: bool,
    dossier: Dossier | None = None,
) -> CitizenDocument:
    document = CitizenDocument(
        citizen=citizen,
        title=nfc(title).strip()[:300] or file.stored_name,
        content_type=file.content_type,
        size=len(file.content),
        sha256=file.sha256,
        source=source,
        in_store=in_store,
        dossier=dossier,
    )
    document.file.save(file.stored_name, ContentFile(file.content), save=False)
    try:  # should the row fail, the stored bytes go too: nothing is left behind
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def add_to_data_store(citizen: CitizenProfile, *, title: str, file: CheckedFile) -> CitizenDocument:
    """The citizen keeps a document in their data store, to reuse it in later dossiers."""
    if not nfc(title).strip():
        raise CitizenError("Chưa nhập tên giấy tờ.")
    document = store_document(citizen, file, title, source=DocumentSource.UPLOAD, in_store=True)
    record(
        actor=citizen.user,
        action="add_to_data_store",
        object_type="citizen_document",
        object_id=document.pk,
        after={"sha256": document.sha256, "size": document.size},
    )
    return document


def citizen_for_dossier(dossier: Dossier) -> CitizenProfile | None:
    """The citizen who submitted the dossier online, else the **verified** account of the
    applicant's number (citizens/identity.py); an unverified claim to the number gets nothing."""
    submission = Submission.objects.filter(dossier=dossier).select_related("citizen").first()
    if submission is not None:
        return submission.citizen
    if dossier.applicant_kind == "person" and dossier.applicant_id_number:
        return CitizenProfile.verified_holder(dossier.applicant_id_number)
    return None


@transaction.atomic
def store_result_for_citizen(
    dossier: Dossier, file: IO[bytes], title: str, *, actor: User | None = None
) -> CitizenDocument | None:
    """Put an electronic result into the data store of the dossier's citizen.

    `file` is any binary stream (an open FieldFile, ContentFile, upload). Returns None when the
    dossier has no citizen account (counter applicant without an account): nothing is stored.
    The same bytes for the same dossier are stored once (a retried call returns the first row).
    """
    citizen = citizen_for_dossier(dossier)
    if citizen is None:
        return None
    name = getattr(file, "name", None) or "ket-qua.pdf"
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    checked_file = checked(name, file)
    existing = CitizenDocument.objects.filter(
        citizen=citizen, dossier=dossier, source=DocumentSource.RESULT, sha256=checked_file.sha256
    ).first()
    if existing is not None:
        return existing
    document = store_document(
        citizen, checked_file, title, source=DocumentSource.RESULT, in_store=True, dossier=dossier
    )
    record(
        actor=actor,
        action="store_result_for_citizen",
        object_type="citizen_document",
        object_id=document.pk,
        after={"dossier": dossier.pk, "sha256": document.sha256},
        actor_label=None if actor else "hệ thống",
    )
    return document


def online_version(code: str, day: dt.date | None = None) -> ProcedureVersion:
    """The version in force if the procedure may be submitted online, else CitizenError."""
    procedure = Procedure.objects.filter(code=code, kind="procedure").first()
    version = procedure.version_on(day or timezone.localdate()) if procedure else None
    if version is None:
        raise CitizenError(f"Không có thủ tục mã “{code}”.")
    online_channel = not version.channels or Channel.ONLINE in version.channels
    if version.online_level not in ONLINE_LEVELS or not online_channel:
        raise CitizenError(
            f"Thủ tục “{version.name}” chưa cung cấp dịch vụ công trực tuyến; "
            "vui lòng nộp trực tiếp hoặc qua bưu chính."
        )
    return version


@transaction.atomic
def start_draft(
    citizen: CitizenProfile, procedure_code: str, *, organisation: Organisation | None = None
) -> Draft:
    version = online_version(procedure_code)
    if organisation is not None and organisation.representative_id != citizen.pk:
        raise CitizenError("Bạn không phải người đại diện của tổ chức này.")
    draft = Draft.objects.create(
        citizen=citizen,
        procedure_version=version,
        organisation=organisation,
        data={"result_delivery": "electronic" if "electronic" in version.result_delivery else ""},
    )
    record(
        actor=citizen.user,
        action="start_draft",
        object_type="citizen_draft",
        object_id=draft.pk,
        after={"procedure": version.procedure.code},
    )
    return draft


DRAFT_FIELDS = (
    "address",
    "address_province",
    "address_unit",
    "result_delivery",
    "delivery_address",
    "note",
)


@transaction.atomic
def save_draft(
    draft: Draft,
    *,
    data: dict[str, Any],
    unit: Unit | None,
    uploads: dict[int, CheckedFile],
    reuse: dict[int, int],
) -> Draft:
    """Save the e-form and the files of a draft: checked whole first, then written together."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if Submission.objects.filter(draft=locked).exists():
        raise CitizenError("Hồ sơ này đã được nộp; không sửa được bản nháp.")
    components = {c.pk: c for c in locked.procedure_version.components.all()}
    if not set(uploads) | set(reuse) <= set(components):
        raise CitizenError("Thành phần hồ sơ không thuộc thủ tục này.")
    reused_docs = {
        d.pk: d
        for d in CitizenDocument.objects.filter(
            citizen=locked.citizen, in_store=True, pk__in=reuse.values()
        )
    }
    if set(reuse.values()) - set(reused_docs):
        raise CitizenError("Giấy tờ chọn từ kho dữ liệu không còn trong kho của bạn.")
    delivery = data.get("result_delivery", "")
    allowed = locked.procedure_version.result_delivery
    if delivery and allowed and delivery not in allowed:
        raise CitizenError("Thủ tục này không trả kết quả theo hình thức đã chọn.")
    if unit is not None and not unit.short_code:
        raise CitizenError("Đơn vị đã chọn chưa tiếp nhận hồ sơ trực tuyến.")
    try:  # the commune of the address, from the list in force today
        resolve_address_commune(
            str(data.get("address_unit", "")),
            timezone.localdate(),
            str(data.get("address_province", "")),
        )
    except UnitError as exc:
        raise CitizenError(str(exc)) from None
    locked.data = {k: nfc(str(data.get(k, ""))).strip()[:500] for k in DRAFT_FIELDS}
    locked.unit = unit
    locked.save()
    for component_id, file in uploads.items():
        document = store_document(
            locked.citizen, file, components[component_id].name, source="upload", in_store=False
        )
        DraftItem.objects.update_or_create(
            draft=locked,
            component=components[component_id],
            defaults={"document": document, "reused": False},
        )
    for component_id, document_id in reuse.items():
        if component_id in uploads:
            continue
        DraftItem.objects.update_or_create(
            draft=locked,
            component=components[component_id],
            defaults={"document": reused_docs[document_id], "reused": True},
        )
    record(
        actor=locked.citizen.user,
        action="save_draft",
        object_type="citizen_draft",
        object_id=locked.pk,
        after={"uploaded": sorted(uploads), "reused": sorted(reuse)},
    )
    return locked


@transaction.atomic
def remove_draft_item(draft: Draft, component_id: int) -> None:
    if Submission.objects.filter(draft=draft).exists():
        raise CitizenError("Hồ sơ này đã được nộp; không sửa được bản nháp.")
    DraftItem.objects.filter(draft=draft, component_id=component_id).delete()
