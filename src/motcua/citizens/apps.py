from typing import Any

from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "motcua.citizens"
    label = "citizens"
    verbose_name = "Công dân, tổ chức và nộp hồ sơ trực tuyến"

    def ready(self) -> None:
        from motcua.citizens.permissions import dossiers_owned_by, owns_dossier
        from motcua.citizens.services import store_result_for_citizen
        from motcua.citizens.submission import applicant_note
        from motcua.dossiers.detail_extras import add_detail_context
        from motcua.dossiers.owners import set_owner_rule
        from motcua.results.events import electronic_result_issued

        def note(user: Any, dossier: Any) -> dict[str, Any]:
            return {"applicant_note": applicant_note(dossier)}

        # the staff page of a dossier shows what the applicant wrote when submitting online
        add_detail_context("applicant_note", note)

        def store_result(
            sender: Any, *, dossier: Any, file: Any, title: str, actor: Any, **_: Any
        ) -> None:
            store_result_for_citizen(dossier, file, title, actor=actor)

        # a signed electronic result also lands in the citizen's data store, for reuse
        # (weak=False: a function defined here would otherwise be collected once ready() returns,
        # and the signal would reach nobody)
        electronic_result_issued.connect(
            store_result, dispatch_uid="citizens.store_result", weak=False
        )
        # which dossiers a citizen owns, for the fee and result pages (dossiers/owners.py)
        set_owner_rule(dossiers_owned_by, owns_dossier)
