"""The signature block takes the signer's position from his account, never a typed constant."""

from __future__ import annotations

from django.contrib.auth.models import Group

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.signers import Signer, head_of, letter_signer
from motcua.dossiers.models import Dossier
from motcua.results.services import issue_electronic_result
from tests.results.helpers import pdf_text, stored


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_deputy_signs_for_the_chairman(for_approval: Dossier, leader: User) -> None:
    leader.position = "Phó Chủ tịch"
    leader.save()
    result = issue_electronic_result(
        for_approval,
        actor=leader,
        title="Giấy chứng nhận kết hôn",
        number="1/2024",
        body="Nội dung.",
    )
    text = _flat(pdf_text(stored(result)))
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "KT. CHỦ TỊCH" in text
    assert "PHÓ CHỦ TỊCH" in text
    assert str(leader) in text


def test_a_leader_without_a_position_signs_under_the_heads_title(
    for_approval: Dossier, leader: User
) -> None:
    result = issue_electronic_result(
        for_approval,
        actor=leader,
        title="Giấy chứng nhận kết hôn",
        number="2/2024",
        body="Nội dung.",
    )
    text = _flat(pdf_text(stored(result)))
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "CHỦ TỊCH" in text
    assert "KT. CHỦ TỊCH" not in text


def test_a_letter_printed_at_the_desk_names_the_units_head(
    for_approval: Dossier, leader: User
) -> None:
    unit = for_approval.receiving_unit
    officer = User.objects.create_user("desk-x", password="x", full_name="Lê Thị Quầy", unit=unit)
    assert letter_signer(unit, officer) == Signer(position="", name="")
    leader.position = "Phó Chủ tịch"
    leader.save()
    assert head_of(unit) == Signer(position="", name="")  # a deputy is not the head
    head = User.objects.create_user("head-x", password="x", full_name="Võ Văn Trưởng", unit=unit)
    head.position = "Chủ tịch"
    head.save()
    head.groups.add(Group.objects.get(name=Role.LEADER.value))
    assert letter_signer(unit, officer) == Signer(position="Chủ tịch", name="Võ Văn Trưởng")
    assert letter_signer(unit, leader) == Signer(position="Phó Chủ tịch", name=str(leader))
    head.is_active = False
    head.save()
    assert head_of(unit) == Signer(position="", name="")
