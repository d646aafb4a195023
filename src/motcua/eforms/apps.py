from django.apps import AppConfig


class EformsConfig(AppConfig):
    name = "motcua.eforms"
    label = "eforms"
    verbose_name = "Tờ khai điện tử"

    def ready(self) -> None:
        from motcua.dossiers.counter_eform import set_counter_eform
        from motcua.dossiers.detail_extras import add_detail_context
        from motcua.eforms.pages import INVALID, for_intake
        from motcua.eforms.views import dossier_section

        # the counter intake's e-form, checked, drawn and kept with the dossier: counter_eform.py
        set_counter_eform(for_intake, INVALID)
        # the dossier page's e-form section (dossiers/detail_extras.py)
        add_detail_context("eform", dossier_section)
