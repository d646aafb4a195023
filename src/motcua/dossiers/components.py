"""The components an applicant hands in: checked and built the same way at receipt
(services.receive_dossier) and at resubmission after an intake supplement request
(services.resubmit_dossier)."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.accounts.models import User
from motcua.core.limits import too_long
from motcua.domain.text import nfc
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import CopyKind, Dossier, DossierComponent

MAX_COPIES = 999  # copies of one component (the column is a small integer)


@dataclass(frozen=True)
class ComponentIn:
    name: str
    copy_kind: str = "original"
    count: int = 1
    digitised: bool = False
    reused: bool = False
    catalog_component_id: int | None = None


def reject_control_characters(texts: list[str]) -> None:
    """NUL and other control characters are never part of a name, a code or an address (and
    PostgreSQL cannot store NUL): refused with a clear message before anything is written."""
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a malformed JSON escape
            raise DossierError("Dữ liệu có ký tự không hợp lệ; xin nhập lại.") from None
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
            raise DossierError("Dữ liệu có ký tự điều khiển không hợp lệ; xin nhập lại.")


def build_components(
    dossier: Dossier, given: list[ComponentIn], actor: User
) -> list[DossierComponent]:
    """The dossier's component rows for what the applicant handed in, checked (names, counts,
    kinds of copy, characters, lengths) — unsaved. The one builder for receipt and resubmission."""
    reject_control_characters([c.name for c in given])
    for component in given:
        if not component.name.strip() or not 1 <= component.count <= MAX_COPIES:
            raise DossierError(f"Mỗi thành phần hồ sơ cần tên và số lượng từ 1 đến {MAX_COPIES}.")
        if component.copy_kind not in CopyKind.values:
            raise DossierError("Loại bản của thành phần hồ sơ không hợp lệ.")
    rows = [
        DossierComponent(
            dossier=dossier,
            name=nfc(c.name).strip(),
            copy_kind=c.copy_kind,
            count=c.count,
            digitised=c.digitised,
            digitised_by=actor if c.digitised else None,
            reused=c.reused,
            catalog_component_id=c.catalog_component_id,
        )
        for c in given
    ]
    for row in rows:
        if problem := too_long(row):
            raise DossierError(problem)
    return rows


def save_components(dossier: Dossier, rows: list[DossierComponent]) -> None:
    for row in rows:
        row.dossier = dossier  # saved now: its id is set
    DossierComponent.objects.bulk_create(rows)
