import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from motcua.domain.codes import CodeError
from motcua.units.models import Unit, UnitKind
from motcua.units.official import load_official, package_source
from motcua.units.services import UnitError, UnitSpec, add_unit, load_reference_units


class Command(BaseCommand):
    help = "Administrative units and agencies: add (idempotent), list, load the reference data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add or update a unit")
        add.add_argument("code")
        add.add_argument("name")
        add.add_argument("--kind", required=True, choices=UnitKind.values)
        add.add_argument("--parent", help="code of the parent unit")
        add.add_argument("--agency-code", default="", help="mã định danh, e.g. 000.00.00.H01")
        add.add_argument("--valid-from", type=dt.date.fromisoformat)
        add.add_argument("--valid-to", type=dt.date.fromisoformat)
        add.add_argument("--successor", help="code of the unit that took over")
        add.add_argument("--legal-ref", default="")
        listing = sub.add_parser("list", help="list units")
        listing.add_argument("--on", type=dt.date.fromisoformat, help="only units active that day")
        sub.add_parser("load", help="load the reference units (An Giang, Phú Tân, Phú Mỹ, …)")
        sub.add_parser(
            "load-official",
            help="load every province and commune of the official list, with the units that "
            "ended on 30/06/2025 and their successors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            self._add(options)
        elif action == "load":
            count = load_reference_units()
            self.stdout.write(f"Đã nạp {count} đơn vị tham chiếu.")
        elif action == "load-official":
            loaded = load_official()
            self.stdout.write(
                f"Đã nạp danh mục ĐVHC: {loaded.provinces} tỉnh, thành phố và {loaded.communes} "
                f"xã, phường, đặc khu (từ 01/07/2025); {loaded.ended} đơn vị chấm dứt ngày "
                f"30/06/2025 kèm đơn vị kế thừa. Nguồn: {package_source()}."
            )
        else:
            self._list(options.get("on"))

    def _add(self, options: dict[str, Any]) -> None:
        spec = UnitSpec(
            code=options["code"],
            name=options["name"],
            kind=options["kind"],
            parent_code=options["parent"],
            agency_code=options["agency_code"],
            valid_from=options["valid_from"],
            valid_to=options["valid_to"],
            successor_code=options["successor"],
            legal_ref=options["legal_ref"],
        )
        try:
            unit, created = add_unit(spec)
        except (UnitError, CodeError) as exc:
            raise CommandError(str(exc)) from exc
        verb = "Đã thêm" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} {unit.code} {unit.name}")

    def _list(self, on: dt.date | None) -> None:
        table = Table(
            "Mã", "Mã ĐVHC", "Tên", "Loại", "Cấp trên", "Mã định danh", "Hiệu lực", "Kế thừa"
        )
        units = Unit.objects.select_related("parent", "successor").order_by("code")
        for unit in units:
            if on is not None and not unit.is_active_on(on):
                continue
            start = f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else "…"
            end = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "…"
            period = f"{start} → {end}"
            table.add_row(
                unit.code,
                unit.admin_code,
                unit.name,
                unit.get_kind_display(),
                unit.parent.code if unit.parent else "",
                unit.short_code or "",
                period,
                unit.successor.code if unit.successor else "",
            )
        Console(file=self.stdout, width=160).print(table)  # type: ignore[arg-type]  # OutputWrapper is file-like
