"""{% results_panel dossier %}: the electronic results card on the staff dossier page."""

from __future__ import annotations

import uuid
from typing import Any

from django import template

from motcua.accounts.models import User
from motcua.core.links import verification_url
from motcua.domain.dossier_states import Action, Status, allowed_actions
from motcua.dossiers.models import Dossier
from motcua.results.certification import CERTIFIABLE_STATUSES, COPY_FROM_ORIGINAL_PROCEDURES
from motcua.results.document import result_name
from motcua.results.models import ResultKind
from motcua.results.permissions import may_certify, may_issue
from motcua.results.services import result_form_of
from motcua.results.signing import has_certificate, pades_level

register = template.Library()


@register.inclusion_tag("results/panel.html", takes_context=True)
def results_panel(context: dict[str, Any], dossier: Dossier) -> dict[str, Any]:
    user = context["request"].user
    status = Status(dossier.status)
    results = list(dossier.electronic_results.select_related("certification"))
    staff = isinstance(user, User)
    has_result = any(r.kind == ResultKind.RESULT for r in results)
    can_issue = (
        staff
        and not has_result
        and Action.APPROVE in allowed_actions(status)
        and may_issue(user, dossier)
    )
    can_certify = (
        staff
        and status in CERTIFIABLE_STATUSES
        and dossier.procedure_version.procedure.code in COPY_FROM_ORIGINAL_PROCEDURES
        and may_certify(user, dossier)
    )
    result_types = dossier.procedure_version.result_types or []
    default_title = result_name(str(result_types[0])) if result_types else ""
    return {
        "dossier": dossier,
        "rows": [(r, verification_url(r.token)) for r in results],
        "can_issue": can_issue,
        "can_certify": can_certify,
        "default_title": default_title,
        "result_form": result_form_of(dossier),
        "has_certificate": has_certificate(dossier.competent_unit),
        "level": pades_level(),
        "form_key": uuid.uuid4().hex,
        "csrf_token": context.get("csrf_token"),
    }
