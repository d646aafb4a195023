"""The e-form on the citizen's draft page (the counter intake's is eforms/pages.py): pre-filled
from the citizen's verified identity (citizens/eform_prefill.py), with the values the draft
kept so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from motcua.citizens.eform_prefill import prefill
from motcua.citizens.models import CitizenProfile, Draft
from motcua.eforms.pages import PageForm
from motcua.eforms.services import definition_of, draft_values
from motcua.eforms.widgets import SectionView


def for_draft(draft: Draft, citizen: CitizenProfile) -> PageForm:
    definition = definition_of(draft.procedure_version)
    if definition is None:
        return PageForm(None)
    filled = prefill(definition, citizen)
    return PageForm(definition, filled.fixed, filled.suggested, filled.origins)


def draft_context(
    page: PageForm, draft: Draft, *, day: dt.date, post: Mapping[str, str] | None
) -> list[SectionView]:
    return page.sections(day=day, near=draft.unit, post=post, values=draft_values(draft.pk))
