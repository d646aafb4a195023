from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "motcua.alerts"
    label = "alerts"
    verbose_name = "Cảnh báo hạn xử lý và tác vụ định kỳ"
