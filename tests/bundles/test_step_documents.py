"""Each agency step of an inter-linked dossier that produces a document gives it to the citizen
signed with that unit's certificate: the birth certificate (the commune leader's step), the
residence notice (the police); the BHYT card code is data. The owner sees and downloads each on
"Hồ sơ của tôi" (not before the fee is paid), it verifies at /xac-minh/ and lands in the data
store; only the officer of the step records it, and a refusal writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings
from weasyprint import HTML

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.bundles.models import StepOutput
from motcua.bundles.services import complete_step, open_step
from motcua.catalog.models import Fee
from motcua.citizens.models import CitizenDocument, CitizenProfile, Submission
from motcua.citizens.services import register_citizen
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import DossierError, IllegalAct, accept_dossier, receive_dossier
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, assess_fees, record_payment
from motcua.results.models import IssuedResult, ResultKind
from motcua.results.testca import make_test_ca
from motcua.results.verification import verify_document
from tests.dossiers.conftest import intake, vn
from tests.results.helpers import pdf_text, stored

BIRTH = HTML(string="<h1>GIẤY KHAI SINH</h1><p>Họ, chữ đệm, tên: LÊ GIA BẢO</p>").write_pdf()
NOTICE = HTML(string="<h1>THÔNG BÁO</h1><p>Đã đăng ký thường trú cho Lê Gia Bảo</p>").write_pdf()
CARD = "TE1898900123456"


@pytest.fixture
def signing(settings: Settings, tmp_path: Path) -> Path:
    """TEST certificates for the commune and its police (BHXH has none: its result is data)."""
    out = tmp_path / "ky-so"
    make_test_ca("30406", "Thị trấn Phú Mỹ", out)
    make_test_ca("CA30406", "Công an thị trấn Phú Mỹ", out)
    settings.SIGNING_DIR = out
    settings.SIGNING_TRUST_ROOTS = out / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return out


def _citizen(personal_id: str, name: str) -> CitizenProfile:
    return register_citizen(personal_id=personal_id, full_name=name, password="Mk-cong-dan-2026!")


def _at_the_leader(people: dict[str, User], owner: CitizenProfile | None = None) -> Dossier:
    """Group 1 after the civil-status registration: the leader's step (3) is open."""
    dossier = receive_dossier(intake("2.002621"), actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    dossier = accept_dossier(dossier, actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    if owner is not None:
        Submission.objects.create(dossier=dossier, citizen=owner, submitted_at=timezone.now())
    hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
    complete_step(dossier, actor=people["hotich"], title="Đăng ký khai sinh", number="127/2024")
    return dossier


def _resolved_with_documents(people: dict[str, User], owner: CitizenProfile) -> Dossier:
    dossier = _at_the_leader(people, owner)
    complete_step(
        dossier, actor=people["lanhdao"], title="Giấy khai sinh", number="127/2024", document=BIRTH
    )
    complete_step(
        dossier,
        actor=people["congan"],
        title="Thông báo đăng ký thường trú",
        number="45/TB-CA",
        document=NOTICE,
    )
    resolved = complete_step(dossier, actor=people["bhxh"], title="Thẻ BHYT", number=CARD)
    assert isinstance(resolved, Dossier)
    return resolved


def _written() -> tuple[int, int, int, int]:
    return (
        IssuedResult.objects.count(),
        StepOutput.objects.count(),
        AuditEvent.objects.count(),
        CitizenDocument.objects.count(),
    )


def test_each_document_is_signed_by_its_own_unit_and_the_owner_downloads_and_verifies_it(
    bundle_world: dict[str, User], signing: Path
) -> None:
    people = bundle_world
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    dossier = _resolved_with_documents(people, owner)
    birth, notice = IssuedResult.objects.filter(dossier=dossier).order_by("issued_at", "pk")
    assert (birth.kind, birth.title, birth.number) == (
        ResultKind.STEP_RESULT,
        "Giấy khai sinh",
        "127/2024",
    )
    assert birth.issuer_unit.code == "30406"
    assert "THỊ TRẤN PHÚ MỸ" in birth.signer_subject.upper()
    assert notice.issuer_unit.code == "CA30406"  # the police sign their own notice
    assert "CA30406" in notice.signer_subject
    assert StepOutput.objects.get(hand_over__step_order=3).document == birth
    assert StepOutput.objects.get(hand_over__step_order=5).document is None  # the card is data
    for document, unit in ((birth, "Thị trấn Phú Mỹ"), (notice, "Công an thị trấn Phú Mỹ")):
        check = verify_document(stored(document))
        assert check.genuine, check.reason
        assert check.issuer == unit
        assert check.kind == "Kết quả của một bước liên thông (bản điện tử)"
    assert "LÊ GIA BẢO" in pdf_text(stored(birth))  # the civil-status software's own file
    assert "/xac-minh/" in pdf_text(stored(birth))  # with the verification stamp
    issued = AuditEvent.objects.filter(action="issue_step_result").order_by("seq")
    assert [e.object_id for e in issued] == [str(birth.pk), str(notice.pk)]
    recorded = AuditEvent.objects.get(action="record_step_output", after__step=3).after or {}
    assert recorded["document"] == birth.pk
    assert recorded["sha256"] == birth.sha256
    kept = CitizenDocument.objects.filter(citizen=owner, dossier=dossier, source="result")
    assert sorted(kept.values_list("title", flat=True)) == [
        "Giấy khai sinh",
        "Thông báo đăng ký thường trú",
    ]

    client = Client()
    client.force_login(owner.user)
    page = client.get(reverse("citizens:dossier", args=[dossier.pk])).content.decode()
    section = page.split('id="ket-qua-lien-thong"')[1].split("</section>")[0]
    birth_url = reverse("results:download", args=[birth.pk])
    assert "Giấy khai sinh số 127/2024" in section
    assert "Thị trấn Phú Mỹ · " + timezone.localtime(birth.issued_at).strftime("%d/%m/%Y") in (
        section
    )
    assert f'href="{birth_url}">Tải giấy khai sinh (bản điện tử đã ký số)' in section
    assert reverse("results:download", args=[notice.pk]) in section
    assert f"Thẻ BHYT số {CARD}" in section  # the card code as text, nothing to download
    assert page.count(birth_url) == 1  # offered once, with its step
    downloaded = client.get(birth_url)
    assert downloaded.status_code == 200
    assert downloaded.content == stored(birth)
    assert verify_document(downloaded.content).genuine
    checked = client.post(
        reverse("results:verify"),
        {"tep": SimpleUploadedFile("giay-khai-sinh.pdf", downloaded.content, "application/pdf")},
    ).content.decode()
    assert "Văn bản hợp lệ" in checked
    assert "Thị trấn Phú Mỹ" in checked

    # another citizen: the dossier and the file are 404
    stranger = Client()
    stranger.force_login(_citizen("089200000789", "Lê Thị Hoa").user)
    assert stranger.get(reverse("citizens:dossier", args=[dossier.pk])).status_code == 404
    assert stranger.get(birth_url).status_code == 404
    assert Client().get(birth_url).status_code == 302  # anonymous: to the login page

    # the desk sees it on the dossier page and on the return slip, not twice
    desk = Client()
    desk.force_login(people["tiepnhan"])
    staff_page = desk.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    handed = staff_page.split('id="tra-ket-qua"')[1].split("</section>")[0]
    assert birth_url in handed
    # the police keep their step's record: the notice they signed, by its verification page
    police = Client()
    police.force_login(people["congan"])
    own = StepOutput.objects.get(document=notice).hand_over
    record = police.get(reverse("bundles:step_record", args=[own.pk])).content.decode()
    assert "Văn bản điện tử đã ký số" in record
    assert reverse("results:verify_token", args=[notice.token]) in record
    assert police.get(reverse("results:download", args=[notice.pk])).status_code == 404


def test_a_step_document_is_not_downloaded_before_the_fee_is_paid(
    bundle_world: dict[str, User], signing: Path
) -> None:
    people = bundle_world
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    dossier = _at_the_leader(people, owner)
    fee = Fee.objects.create(
        version=dossier.procedure_version,
        kind="le_phi",
        name="Lệ phí cấp bản sao trích lục khai sinh",
        rule="per_unit",
        amount=8000,
        unit_text="mỗi bản sao",
        legal_ref="TT 281/2016/TT-BTC (giả định cho thử nghiệm)",
        assumed=True,
    )
    assess_fees(dossier, [FeeQuantity(fee.pk, units=1)], actor=people["tiepnhan"])
    complete_step(
        dossier, actor=people["lanhdao"], title="Giấy khai sinh", number="127/2024", document=BIRTH
    )
    birth = IssuedResult.objects.get(dossier=dossier)
    url = reverse("results:download", args=[birth.pk])
    client = Client()
    client.force_login(owner.user)
    page = client.get(reverse("citizens:dossier", args=[dossier.pk])).content.decode()
    assert "Giấy khai sinh: tải về được sau khi thanh toán phí, lệ phí" in page
    assert url not in page
    assert client.get(url).status_code == 403
    record_payment(Payment.objects.get(dossier=dossier), actor=people["tiepnhan"], method="cash")
    assert url in client.get(reverse("citizens:dossier", args=[dossier.pk])).content.decode()
    assert client.get(url).content == stored(birth)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("congan", "Bước này do Thị trấn Phú Mỹ thực hiện"),  # another agency
        ("bhxh", "Bước này do Thị trấn Phú Mỹ thực hiện"),
        ("hotich", "thuộc vai trò “Lãnh đạo”"),  # the commune's officer at another's step
        ("tiepnhan", "thuộc vai trò “Lãnh đạo”"),
    ],
)
def test_only_the_officer_of_the_step_records_its_document(
    bundle_world: dict[str, User], signing: Path, who: str, message: str
) -> None:
    dossier = _at_the_leader(bundle_world)
    before = _written()
    with pytest.raises(IllegalAct, match=message):
        complete_step(dossier, actor=bundle_world[who], title="Giấy khai sinh", document=BIRTH)
    assert _written() == before
    step = open_step(dossier)
    assert step is not None
    assert step.step_order == 3


def test_at_the_police_step_the_commune_and_social_insurance_are_refused(
    bundle_world: dict[str, User], signing: Path
) -> None:
    people = bundle_world
    dossier = _at_the_leader(people)
    complete_step(dossier, actor=people["lanhdao"], title="Giấy khai sinh", document=BIRTH)
    before = _written()
    for who in ("bhxh", "lanhdao"):  # the next step's agency; the step before
        with pytest.raises(IllegalAct, match="Bước này do Công an thị trấn Phú Mỹ thực hiện"):
            complete_step(dossier, actor=people[who], title="Thông báo", document=NOTICE)
    assert _written() == before


def test_a_document_that_cannot_be_signed_is_refused_and_nothing_is_written(
    bundle_world: dict[str, User], signing: Path
) -> None:
    people = bundle_world
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    dossier = receive_dossier(intake("2.002621"), actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    dossier = accept_dossier(dossier, actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    Submission.objects.create(dossier=dossier, citizen=owner, submitted_at=timezone.now())
    hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
    before = _written()
    # the commune's certificate signs on its leader's step only
    with pytest.raises(IllegalAct, match="được ký số ở bước của lãnh đạo"):
        complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh", document=BIRTH)
    complete_step(dossier, actor=people["hotich"], title="Đăng ký khai sinh")
    before = _written()
    with pytest.raises(DossierError, match="PDF"):
        complete_step(
            dossier, actor=people["lanhdao"], title="Giấy khai sinh", document=b"GIF89a" + b"0" * 64
        )
    assert _written() == before
    complete_step(dossier, actor=people["lanhdao"], title="Giấy khai sinh", document=BIRTH)
    (signing / "CA30406.p12").unlink()  # the police have no certificate here
    before = _written()
    with pytest.raises(DossierError, match=re.escape("CA30406.p12")):
        complete_step(dossier, actor=people["congan"], title="Thông báo", document=NOTICE)
    assert _written() == before
    step = open_step(dossier)
    assert step is not None
    assert step.step_order == 4


def test_the_leader_uploads_the_birth_certificate_from_the_inbox(
    bundle_world: dict[str, User], signing: Path
) -> None:
    people = bundle_world
    dossier = _at_the_leader(people)
    leader = Client()
    leader.force_login(people["lanhdao"])
    inbox = leader.get(reverse("bundles:inbox")).content.decode()
    assert 'enctype="multipart/form-data"' in inbox
    assert 'name="van_ban" type="file" accept="application/pdf"' in inbox
    done = leader.post(
        reverse("bundles:complete", args=[dossier.pk]),
        {
            "ket_qua": "Giấy khai sinh",
            "so": "127/2024",
            "van_ban": SimpleUploadedFile("giay-khai-sinh.pdf", BIRTH, "application/pdf"),
        },
        follow=True,
    )
    assert f"Đã hoàn thành bước và chuyển hồ sơ {dossier.code}" in done.content.decode()
    birth = IssuedResult.objects.get(dossier=dossier)
    assert verify_document(stored(birth)).genuine
    # a specialist of the commune posting at the police's step: refused, in Vietnamese
    clerk = Client()
    clerk.force_login(people["hotich"])
    refused = clerk.post(
        reverse("bundles:complete", args=[dossier.pk]),
        {
            "ket_qua": "Thông báo",
            "van_ban": SimpleUploadedFile("tb.pdf", NOTICE, "application/pdf"),
        },
        follow=True,
    )
    assert "Bước này do Công an thị trấn Phú Mỹ thực hiện." in refused.content.decode()
    assert IssuedResult.objects.filter(dossier=dossier).count() == 1
