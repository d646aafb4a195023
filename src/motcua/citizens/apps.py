from typing import Any

from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "motcua.citizens"
    label = "citizens"
    verbose_name = "Công dân, tổ chức và nộp hồ sơ trực tuyến"

    def ready(self) -> None:
        from motcua.citizens.submission import applicant_note
        from motcua.dossiers.detail_extras import add_detail_context

        def note(dossier: Any) -> dict[str, Any]:
            return {"applicant_note": applicant_note(dossier)}

        # the staff page of a dossier shows what the applicant wrote when submitting online
        add_detail_context("applicant_note", note)
