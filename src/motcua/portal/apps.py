from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = "Đồng bộ Cổng Dịch vụ công quốc gia"

    def ready(self) -> None:
        from motcua.dossiers.events import dossier_act
        from motcua.portal.outbox import on_dossier_act

        dossier_act.connect(on_dossier_act, dispatch_uid="portal.outbox")
