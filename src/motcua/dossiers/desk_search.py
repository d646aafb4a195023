"""The staff list's search box: what it matches, and how it is found without reading a unit's
whole history.

A search matches a dossier by its code (or any part of it), the applicant's name with or
without diacritics (the folded column, any part), the personal ID number or phone of the
applicant or of the representative, or a fee receipt number (`matches`, the definition; the
receipt is looked up by the payments app, fee_rules.py).

The list first looks the text up in the indexes made for it (migration 0016): the parts of the
code and of the name in a trigram index (PostgreSQL: pg_trgm; SQLite: the FTS5 table
`dossiers_search`), the numbers exactly. When that names at most CANDIDATES dossiers in the
whole database, the list is those dossiers (then its scope and filters); when the text is so
common that it names more (a surname alone), the list reads the unit's dossiers in its order
with `matches` and stops at the page, which such a text fills quickly.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q

from motcua.domain.text import fold
from motcua.dossiers import fee_rules
from motcua.dossiers.models import Dossier

CANDIDATES = 2000
RECEIPT_MATCHES = 100  # dossiers one receipt number can name (several fee lines at most)
_LIKE_SPECIAL = frozenset("%_\\")
_TRIGRAM_SQL = {  # fixed SQL, the text a parameter
    "code": "SELECT rowid FROM dossiers_search WHERE code LIKE %s LIMIT %s",
    "applicant_name_fold": (
        "SELECT rowid FROM dossiers_search WHERE applicant_name_fold LIKE %s LIMIT %s"
    ),
}


def _digits(text: str) -> str:
    """The text as a phone or ID number ("+84 912 345 678" → "0912345678"), or ""."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits if digits.isdigit() else ""


def _receipts(text: str) -> list[int]:
    return fee_rules.receipt_dossiers(text, RECEIPT_MATCHES)  # the payments app's look-up


def _numbers_q(digits: str) -> Q:
    return (
        Q(applicant_id_number=digits)
        | Q(representative_id_number=digits)
        | Q(applicant_phone=digits)
        | Q(representative_phone=digits)
    )


def matches(text: str) -> Q:
    """The dossiers the text finds, as a condition on the dossier's own columns."""
    cond = Q(code__icontains=text)
    folded = fold(text)
    if folded:
        cond |= Q(applicant_name_fold__contains=folded)
    digits = _digits(text)
    if digits:
        cond |= _numbers_q(digits)
    receipts = _receipts(text)
    if receipts:
        cond |= Q(pk__in=receipts)
    return cond


def _anywhere(column: str, text: str, limit: int) -> list[int]:
    """Up to `limit` ids of dossiers whose `column` holds `text` (the lookup of `matches`)."""
    if connection.vendor == "sqlite" and not _LIKE_SPECIAL & set(text):
        with connection.cursor() as cursor:  # SQLite's LIKE, read from the trigram index
            cursor.execute(_TRIGRAM_SQL[column], (f"%{text}%", limit))
            return [pk for (pk,) in cursor.fetchall()]
    lookup = "icontains" if column == "code" else "contains"
    found = Dossier.objects.filter(**{f"{column}__{lookup}": text}).order_by()
    return list(found.values_list("pk", flat=True)[:limit])


def candidates(text: str) -> list[int] | None:
    """The ids of every dossier `matches(text)` finds, read from the search indexes; None when
    there are more than CANDIDATES."""
    limit = CANDIDATES + 1
    found = set(_anywhere("code", text, limit))
    folded = fold(text)
    if folded:
        found.update(_anywhere("applicant_name_fold", folded, limit))
    digits = _digits(text)
    if digits:
        numbers = Dossier.objects.filter(_numbers_q(digits)).order_by()
        found.update(numbers.values_list("pk", flat=True)[:limit])
    found.update(_receipts(text))
    return sorted(found) if len(found) <= CANDIDATES else None


def condition(text: str) -> Q:
    """The list's search condition: the candidates' ids, or `matches` for a common text."""
    found = candidates(text)
    return matches(text) if found is None else Q(pk__in=found)
