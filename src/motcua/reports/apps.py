from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = "Báo cáo và chỉ số"

    def ready(self) -> None:
        from motcua.dossiers.events import dossier_act
        from motcua.reports.summary import on_dossier_act

        dossier_act.connect(on_dossier_act, dispatch_uid="reports.summary")
