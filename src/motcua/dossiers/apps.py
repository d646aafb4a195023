from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self) -> None:
        from motcua.core.menu import add_section
        from motcua.dossiers.menu import desk_section

        add_section("desk", 10, desk_section)
