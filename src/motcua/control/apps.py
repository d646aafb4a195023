from django.apps import AppConfig


class ControlConfig(AppConfig):
    name = "motcua.control"
    label = "control"
    verbose_name = "Kiểm soát thủ tục hành chính"
