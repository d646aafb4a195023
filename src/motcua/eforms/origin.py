"""Where a suggested e-form value came from (an earlier dossier, the account, VNeID's address):
a tag at the field, a note once per section. The suggestions themselves are made where the
citizen's data lives (citizens/eform_prefill.py); the widgets only draw their origin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a suggestion came from: a tag at the field, a note once per section."""

    tag: str
    note: str
