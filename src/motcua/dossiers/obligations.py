"""The financial obligation (nghĩa vụ tài chính, NĐ 101/2024/NĐ-CP Art. 22): the applicant must
pay what the law charges (tax, land levy…) before the result; the waiting time does not count.
One function per legal act, as dossiers/processing.py."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.accounts.models import User
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import _clock, _now, _text
from motcua.dossiers.services import act, record_act


@transaction.atomic
def request_financial_obligation(
    dossier: Dossier, *, actor: User, obligation: str, at: dt.datetime | None = None
) -> Dossier:
    """The applicant must pay what the law charges (tax, land levy…) before the result: the
    notice says what and where; the waiting time does not count (NĐ 101/2024/NĐ-CP Art. 22)."""
    obligation = _text(obligation, "Phải ghi nghĩa vụ tài chính phải thực hiện (khoản, nơi nộp).")
    locked, before = act(dossier, Action.REQUEST_FINANCIAL_OBLIGATION)
    _clock(locked, "obligation_requested", _now(at))
    locked.save()
    record_act(
        locked, Action.REQUEST_FINANCIAL_OBLIGATION, actor, before, extra={"obligation": obligation}
    )
    return locked


@transaction.atomic
def fulfil_financial_obligation(
    dossier: Dossier, *, actor: User, evidence: str, at: dt.datetime | None = None
) -> Dossier:
    """The applicant shows the payment (receipt, treasury document): the clock runs again."""
    evidence = _text(evidence, "Phải ghi chứng từ đã nộp (số biên lai, chứng từ nộp tiền).")
    locked, before = act(dossier, Action.FULFIL_FINANCIAL_OBLIGATION)
    _clock(locked, "obligation_fulfilled", _now(at))
    locked.save()
    record_act(
        locked, Action.FULFIL_FINANCIAL_OBLIGATION, actor, before, extra={"evidence": evidence}
    )
    return locked
