from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = "Báo cáo và chỉ số"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from motcua.catalog.models import ProcedureVersion
        from motcua.reports import summary
        from motcua.units.models import Unit

        # Every dossier act resyncs the summary itself (dossiers.services.record_act, once,
        # after the dossier_act receivers). The summary's keys: a unit moved, a version's field
        # or level changed (summary.py).
        pre_save.connect(summary.on_unit_pre_save, Unit, dispatch_uid="reports.unit_pre")
        post_save.connect(summary.on_unit_saved, Unit, dispatch_uid="reports.unit_post")
        pre_save.connect(
            summary.on_version_pre_save, ProcedureVersion, dispatch_uid="reports.version_pre"
        )
        post_save.connect(
            summary.on_version_saved, ProcedureVersion, dispatch_uid="reports.version_post"
        )
