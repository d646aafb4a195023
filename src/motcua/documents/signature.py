"""The signature block of NĐ 30/2020, Phụ lục I (mục II.8), built from the issuer and the
signer's position, never typed: every document (letters, reports, the narrative report, the
results) prints it through this module, in Word (word.signature_cell) and in the PDF
(documents/_signature.html).

- a body that decides as a collective (an Ủy ban nhân dân) signs "TM. ỦY BAN NHÂN DÂN", then the
  head's title ("CHỦ TỊCH"); a deputy signs "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"; an acting head
  "Q. CHỦ TỊCH";
- an organisation led by its head (Sở, Trung tâm…) signs with the head's title ("GIÁM ĐỐC"), or
  "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC";
- then the note ("(Ký, ghi rõ họ tên và đóng dấu)" or "(Đã ký số)"), room for the seal and the
  signature, and the signer's name.
"""

from __future__ import annotations

import dataclasses

from motcua.domain.text import nfc

SIGN_AND_SEAL = "(Ký, ghi rõ họ tên và đóng dấu)"
SIGN_ONLY = "(Ký, ghi rõ họ tên)"
SIGNED_DIGITALLY = "(Đã ký số)"
COLLECTIVE = "ỦY BAN NHÂN DÂN"
COLLECTIVE_HEAD = "CHỦ TỊCH"
DEPUTY = "PHÓ "
ACTING = "Q. "


@dataclasses.dataclass(frozen=True)
class SignatureBlock:
    lines: tuple[str, ...]  # upper case: authority lines, then the title
    name: str
    note: str = SIGN_AND_SEAL


def _position(title: str) -> str:
    """The signer's own title: the last line of a title typed the old way ("KT. …\\nPHÓ …")."""
    lines = [" ".join(line.split()) for line in nfc(title).upper().split("\n") if line.strip()]
    return lines[-1] if lines else ""


def head_title_of(issuer: str) -> tuple[str, str]:
    """(collective, head's title) of an issuer by its name: ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    for a People's Committee, ("", "GIÁM ĐỐC") for a Sở or a Trung tâm, ("", "") otherwise."""
    name = " ".join(nfc(issuer).upper().split())
    if name.startswith(COLLECTIVE):
        return COLLECTIVE, COLLECTIVE_HEAD
    if name.startswith(("SỞ ", "TRUNG TÂM ")):
        return "", "GIÁM ĐỐC"
    return "", ""


def signature_block(
    issuer: str,
    position: str,
    name: str,
    note: str = SIGN_AND_SEAL,
    *,
    on_behalf: bool = True,
) -> SignatureBlock:
    """The block for ``name`` signing in ``position`` ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Q. CHỦ
    TỊCH", "GIÁM ĐỐC" …) on behalf of ``issuer`` (the name printed in the header); with
    ``on_behalf=False`` the head signs in his own competence (a decision of the Chủ tịch: no
    "TM." line)."""
    collective, head = head_title_of(issuer)
    if not on_behalf:
        collective = ""
    title = _position(position) or head
    lines: list[str] = [f"TM. {collective}"] if collective else []
    if title.startswith(DEPUTY) and head and title != head:
        lines.append(f"KT. {title[len(DEPUTY) :]}")
    lines.append(title)
    return SignatureBlock(lines=tuple(lines), name=nfc(name), note=note)


def form_signature(role: str, name: str, note: str = SIGN_ONLY) -> SignatureBlock:
    """A signature under a role printed as the form prescribes it ("NGƯỜI LẬP BIỂU")."""
    return SignatureBlock(lines=(nfc(role).upper(),), name=nfc(name), note=note)
