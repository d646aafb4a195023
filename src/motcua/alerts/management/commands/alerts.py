"""`motcua alerts scan --unit CODE` and `motcua alerts sweep`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.alerts.services import scan, sweep
from motcua.units.models import Unit
from motcua.units.tree import units_served_by


class Command(BaseCommand):
    help = "Cảnh báo hạn xử lý: liệt kê (scan) hoặc gửi thư cảnh báo cho cán bộ (sweep)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["scan", "sweep"])
        parser.add_argument("--unit", help="mã đơn vị (cho scan)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sweep":
            self.stdout.write(f"Đã xếp hàng {sweep()} thư cảnh báo.")
            return
        unit = Unit.objects.filter(code=options["unit"] or "").first()
        if unit is None:
            raise CommandError("Cần --unit với mã đơn vị có trong hệ thống.")
        for alert in scan(units_served_by(unit)):
            self.stdout.write(f"{alert.label}\t{alert.dossier.code}\t{alert.detail}")
