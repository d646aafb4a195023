from typing import Any

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo (thư điện tử, SMS, Zalo)"

    def ready(self) -> None:
        from motcua.dossiers.events import dossier_act
        from motcua.payments.events import payment_recorded

        dossier_act.connect(_on_dossier_act, dispatch_uid="notifications.dossier_act")
        payment_recorded.connect(_on_payment, dispatch_uid="notifications.payment")


def _on_dossier_act(sender: Any, *, dossier: Any, action: str, event: Any, **_: Any) -> None:
    from motcua.notifications.services import notify_dossier_act, notify_officers_of_online

    notify_dossier_act(dossier, action, event.pk)
    if action == "receive" and dossier.channel == "online":
        notify_officers_of_online(dossier, event.pk)


def _on_payment(sender: Any, *, payment: Any, **_: Any) -> None:
    from motcua.notifications.services import notify_payment

    notify_payment(payment)
