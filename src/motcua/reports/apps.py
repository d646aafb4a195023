from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = "Báo cáo và chỉ số"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from motcua.catalog.models import ProcedureVersion
        from motcua.dossiers.events import dossier_act
        from motcua.reports import summary
        from motcua.units.models import Unit

        dossier_act.connect(summary.on_dossier_act, dispatch_uid="reports.summary")
        # The summary's keys: a unit moved, a version's field or level changed (summary.py).
        pre_save.connect(summary.on_unit_pre_save, Unit, dispatch_uid="reports.unit_pre")
        post_save.connect(summary.on_unit_saved, Unit, dispatch_uid="reports.unit_post")
        pre_save.connect(
            summary.on_version_pre_save, ProcedureVersion, dispatch_uid="reports.version_pre"
        )
        post_save.connect(
            summary.on_version_saved, ProcedureVersion, dispatch_uid="reports.version_post"
        )
