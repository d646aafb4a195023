from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = "Báo cáo và chỉ số"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from motcua.audit.seal import before_seal
        from motcua.catalog.models import ProcedureVersion
        from motcua.core.menu import add_section
        from motcua.dossiers.events import import_rewriting, import_written
        from motcua.reports import maintain as summary
        from motcua.reports.permissions import menu_section
        from motcua.reports.touched import (
            flush_before_regroup,
            forget_touched,
            on_import_rewriting,
            on_import_written,
            resync_touched,
        )
        from motcua.units.models import Unit

        add_section("reports", 20, menu_section)  # the staff menu (core/menu.py)
        # The dossiers a transaction touched are resynced once, just before its commit
        # (reports/touched.py). The summary's keys: a unit moved, a version's field or level
        # changed (summary.py).
        before_seal(resync_touched, forget_touched)
        # the bulk importer records no acts: it announces its batches (dossiers/events.py)
        import_rewriting.connect(on_import_rewriting, dispatch_uid="reports.import_rewriting")
        import_written.connect(on_import_written, dispatch_uid="reports.import_written")
        for model in (Unit, ProcedureVersion):  # connected first: runs before the regrouping
            pre_save.connect(flush_before_regroup, model, dispatch_uid=f"reports.flush_{model}")
        pre_save.connect(summary.on_unit_pre_save, Unit, dispatch_uid="reports.unit_pre")
        post_save.connect(summary.on_unit_saved, Unit, dispatch_uid="reports.unit_post")
        pre_save.connect(
            summary.on_version_pre_save, ProcedureVersion, dispatch_uid="reports.version_pre"
        )
        post_save.connect(
            summary.on_version_saved, ProcedureVersion, dispatch_uid="reports.version_post"
        )
