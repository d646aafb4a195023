"""Handing the result over: who collected it at the desk, and what the dossier still owes.

The desk records the person who collected the result (the applicant or a person they
authorised): the name and the personal identification number read from the papers shown. The
return act (processing.return_result) keeps them on the dossier and in its audit event; the
dossier page and the return slip show them.

A result is not handed over, by any channel, while a fee of the dossier is still waiting to be
paid (`fee_rules.owed`: the payments app's payments.services.dossier_balance, the one rule, also
used for the citizen's downloads).
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.domain.identity import IdentityError, check_personal_id
from motcua.domain.text import nfc
from motcua.domain.vnformat import format_money
from motcua.dossiers import fee_rules
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import CollectorRole, Dossier

MAX_NAME = 200


@dataclass(frozen=True)
class Collector:
    name: str
    id_number: str
    role: str = CollectorRole.APPLICANT.value


def checked_collector(collector: Collector | None) -> Collector:
    """The collector with its name and number cleaned, or a DossierError saying what is wrong."""
    if collector is None:
        raise DossierError(
            "Trả kết quả tại Bộ phận Một cửa: phải ghi họ tên và số định danh cá nhân "
            "của người nhận kết quả."
        )
    name = " ".join(nfc(collector.name).split())
    if not name:
        raise DossierError("Chưa ghi họ tên người nhận kết quả.")
    if len(name) > MAX_NAME:
        raise DossierError(f"Họ tên người nhận kết quả dài quá {MAX_NAME} ký tự.")
    if collector.role not in CollectorRole.values:
        raise DossierError("Chọn người nhận là chủ hồ sơ hay người được ủy quyền.")
    number = collector.id_number.replace(" ", "").replace(".", "")
    if not number:
        raise DossierError("Chưa ghi số định danh cá nhân (số CCCD) của người nhận kết quả.")
    try:
        number = check_personal_id(number)
    except IdentityError as exc:
        raise DossierError(f"Người nhận kết quả: {exc}") from None
    return Collector(name=name, id_number=number, role=collector.role)


def check_nothing_owed(dossier: Dossier) -> None:
    """Refuse to release a result whose fees are still waiting to be paid."""
    owed = fee_rules.owed(dossier)  # raises when the payments app has not set the rule
    if owed > 0:
        raise DossierError(
            f"Hồ sơ còn {format_money(owed)} phí, lệ phí chưa nộp: thu phí (hoặc chờ người nộp "
            "thanh toán trực tuyến) trước khi trả kết quả."
        )
