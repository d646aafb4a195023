from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self) -> None:
        from django.core.checks import register

        from motcua.audit.seal import before_seal
        from motcua.core.menu import add_section
        from motcua.dossiers.counter_eform import check_counter_eform
        from motcua.dossiers.fee_rules import check_fee_rules
        from motcua.dossiers.forms import tracking_book_context
        from motcua.dossiers.locking import forget
        from motcua.dossiers.menu import desk_section
        from motcua.prints.services import TRACKING_BOOK, add_print_context

        add_section("desk", 10, desk_section)
        before_seal(forget, forget)  # an act's locked instance does not outlive its transaction
        # the long print of the tracking book, made by the job queue (prints/services.py)
        add_print_context(TRACKING_BOOK, tracking_book_context)
        # the payments and eforms apps fill dossiers' registries from their ready(): a missing
        # one is an error at start-up (manage.py check, migrate, runserver)
        register(check_fee_rules)
        register(check_counter_eform)
