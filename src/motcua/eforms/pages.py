"""The e-form on the two pages that receive a dossier: the citizen's draft (online,
citizens/eform_page.py) and the counter intake. Each page checks the e-form before it writes
anything and keeps the values once the rest of its own write succeeded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from motcua.accounts.models import User
from motcua.catalog.eform_definition import FormDefinition
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.eforms.origin import Origin
from motcua.eforms.services import definition_of, save_for_dossier
from motcua.eforms.values import PREFIX, Cleaned, clean
from motcua.eforms.widgets import SectionView, widgets
from motcua.units.models import Unit

INVALID = "Tờ khai còn thông tin chưa hợp lệ nên chưa lưu gì. Xem thông báo tại từng ô."


@dataclass
class PageForm:
    """A page's e-form: its definition, the check of what was posted, and what to draw."""

    definition: FormDefinition | None
    fixed: dict[str, Any] = field(default_factory=dict)
    suggested: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)  # where each suggestion came from
    checked: Cleaned | None = None

    @property
    def ok(self) -> bool:
        return self.checked is None or self.checked.ok

    @staticmethod
    def typed(post: Mapping[str, str]) -> bool:
        """Whether anything was typed into the e-form (at the counter it may stay empty when
        the applicant brings the paper declaration; once begun, it must be complete). An
        address's province, which the page preselects (the unit's own), is not typing."""
        return any(
            k.startswith(PREFIX) and not k.endswith("-province") and str(v).strip()
            for k, v in post.items()
        )

    def check(self, post: Mapping[str, str], *, day: dt.date, complete: bool) -> bool:
        if self.definition is not None:
            self.checked = clean(
                self.definition, post, day=day, complete=complete, fixed=self.fixed
            )
        return self.ok

    def sections(
        self,
        *,
        day: dt.date,
        near: Unit | None,
        post: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> list[SectionView]:
        if self.definition is None:
            return []
        errors = self.checked.errors if self.checked is not None else {}
        kept = values or {}
        return widgets(
            self.definition,
            post=post if errors else None,
            values={**self.suggested, **kept},
            errors=errors,
            fixed=self.fixed,
            origins={k: v for k, v in self.origins.items() if k not in kept},
            day=day,
            near=near,
        )

    def keep_for_dossier(self, dossier: Dossier, *, actor: User) -> None:
        """Save the checked values with the dossier just received (the counter intake, in its
        transaction); nothing when the e-form stayed empty."""
        if self.checked is not None and self.checked.values:
            save_for_dossier(dossier, self.checked, actor=actor)


def for_intake(version: ProcedureVersion | None) -> PageForm:
    """The counter intake's e-form (set as dossiers/counter_eform.py's by EformsConfig.ready)."""
    return PageForm(definition_of(version) if version is not None else None)
