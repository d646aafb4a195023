from django.apps import AppConfig


class ControlConfig(AppConfig):
    name = "motcua.control"
    label = "control"
    verbose_name = "Kiểm soát thủ tục hành chính"

    def ready(self) -> None:
        from motcua.control.permissions import menu_section
        from motcua.core.menu import add_section

        add_section("control", 30, menu_section)
