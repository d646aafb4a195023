from typing import Any

from django.apps import AppConfig


class PostalConfig(AppConfig):
    name = "motcua.postal"
    label = "postal"
    verbose_name = "Bưu chính công ích"

    def ready(self) -> None:
        from motcua.dossiers.events import dossier_act

        dossier_act.connect(_on_dossier_act, dispatch_uid="postal.dossier_act")


def _on_dossier_act(sender: Any, *, dossier: Any, action: str, event: Any, **_: Any) -> None:
    """A result returned by post opens its outbound shipment in the same transaction."""
    if action == "return_result" and (event.after or {}).get("method") == "post":
        from motcua.postal.services import open_outbound

        open_outbound(dossier, event.after.get("tracking_number", ""), event)
