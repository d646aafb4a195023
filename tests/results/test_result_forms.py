"""A result takes the form of what it is: a decision with grounds and articles, a document with
its name, or the file another system issued (never a letter of ours imitating it)."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.domain.result_forms import ResultForm, decision_parts, decision_subject, form_for
from motcua.dossiers.models import Dossier
from motcua.results.models import IssuedResult
from motcua.results.services import ResultError, issue_electronic_result, result_form_of
from tests.documents.office import save_pngs
from tests.results.helpers import pdf_text, stored

GROUNDS_AND_ARTICLES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
    "Theo đề nghị của công chức Văn hóa – Xã hội.\n"
    "Hỗ trợ chi phí mai táng cho bà Nguyễn Thị Ngọc Ánh, số tiền 7.200.000 đồng.\n"
    "Công chức Văn hóa – Xã hội và bà Nguyễn Thị Ngọc Ánh chịu trách nhiệm thi hành."
)


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Giấy khai sinh (bản chính và bản điện tử, KQ.G15.000031)", ResultForm.EXTERNAL),
        ("Trích lục khai tử", ResultForm.EXTERNAL),
        ("Giấy xác nhận tình trạng hôn nhân", ResultForm.EXTERNAL),
        ("Thông báo kết quả giải quyết đăng ký thường trú (CT08)", ResultForm.EXTERNAL),
        ("Quyết định hỗ trợ chi phí mai táng", ResultForm.DECISION),
        ("Giấy xác nhận khuyết tật", ResultForm.CONFIRMATION),
        ("Bản sao được chứng thực từ bản chính (KQ.G15.000021)", ResultForm.CERTIFICATION),
        ("Văn bản thụ lý/trả lời/chuyển đơn", ResultForm.NOTICE),
    ],
)
def test_the_form_follows_the_result(name: str, form: ResultForm) -> None:
    assert form_for(name) is form


def test_a_decision_is_split_into_grounds_and_numbered_articles() -> None:
    grounds, articles = decision_parts(GROUNDS_AND_ARTICLES)
    assert [g[:8] for g in grounds] == ["Căn cứ L", "Theo đề "]
    assert articles[0].startswith("Điều 1. Hỗ trợ")
    assert articles[1].startswith("Điều 2. Công chức")
    assert decision_subject("Quyết định hỗ trợ chi phí mai táng") == (
        "Về việc hỗ trợ chi phí mai táng"
    )


def _set_form(dossier: Dossier, form: ResultForm) -> None:
    procedure = dossier.procedure_version.procedure
    procedure.result_form = form.value
    procedure.save()
    dossier.refresh_from_db()


def test_a_decision_prints_its_grounds_articles_and_the_chairmans_own_signature(
    for_approval: Dossier, leader: User
) -> None:
    _set_form(for_approval, ResultForm.DECISION)
    result = issue_electronic_result(
        for_approval,
        actor=leader,
        title="Quyết định hỗ trợ chi phí mai táng",
        number="15/QĐ-UBND",
        body=GROUNDS_AND_ARTICLES,
    )
    data = stored(result)
    save_pngs(data, "result-decision", resolution=80)
    text = pdf_text(data)
    assert "QUYẾT ĐỊNH Về việc hỗ trợ chi phí mai táng" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN" in text
    assert "QUYẾT ĐỊNH:" in text
    assert "Điều 1. Hỗ trợ chi phí mai táng" in text
    assert "Điều 2. Công chức" in text
    assert "TM. ỦY BAN NHÂN DÂN" not in text  # the chairman decides in his own competence


def test_an_external_result_must_be_the_other_systems_file(
    for_approval: Dossier, leader: User
) -> None:
    _set_form(for_approval, ResultForm.EXTERNAL)
    with pytest.raises(ResultError, match="hệ thống chuyên ngành"):
        issue_electronic_result(
            for_approval, actor=leader, title="Giấy khai sinh", body="Một lá thư bắt chước."
        )
    assert not IssuedResult.objects.filter(dossier=for_approval).exists()
    assert Dossier.objects.get(pk=for_approval.pk).status == for_approval.status


def test_the_dossier_page_offers_the_upload_only_for_an_external_result(
    for_approval: Dossier, leader: User
) -> None:
    client = Client()
    client.force_login(leader)
    page = client.get(f"/ho-so/{for_approval.pk}/").content.decode()
    assert "Nội dung kết quả (mỗi dòng một đoạn)" in page
    _set_form(for_approval, ResultForm.EXTERNAL)
    assert result_form_of(for_approval) is ResultForm.EXTERNAL
    page = client.get(f"/ho-so/{for_approval.pk}/").content.decode()
    assert "Văn bản do hệ thống chuyên ngành cấp" in page
    assert 'name="body"' not in page
    assert 'name="source_pdf" type="file" accept="application/pdf" required' in page
