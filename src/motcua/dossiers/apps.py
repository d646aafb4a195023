from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self) -> None:
        from motcua.core.menu import add_section
        from motcua.dossiers.forms import tracking_book_context
        from motcua.dossiers.menu import desk_section
        from motcua.prints.services import TRACKING_BOOK, add_print_context

        add_section("desk", 10, desk_section)
        # the long print of the tracking book, made by the job queue (prints/services.py)
        add_print_context(TRACKING_BOOK, tracking_book_context)
