import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.catalog.excel import SheetError, export_catalog, import_catalog
from motcua.catalog.loader import CatalogError, read_reference
from motcua.catalog.services import load_catalog, publish_for_unit
from motcua.units.models import Unit


class Command(BaseCommand):
    help = "Procedure catalogue: load reference data, publish for a unit, Excel export/import."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load catalog/data/procedures.json (or FILE)")
        load.add_argument("file", nargs="?", type=Path)
        publish = sub.add_parser("publish", help="publish a level's procedures for a unit")
        publish.add_argument("--unit", required=True, help="unit code")
        publish.add_argument("--level", default="commune")
        publish.add_argument("--on", type=dt.date.fromisoformat, help="versions in force that day")
        export = sub.add_parser("export", help="write the catalogue as an Excel list")
        export.add_argument("file", type=Path)
        export.add_argument("--on", type=dt.date.fromisoformat, help="versions in force that day")
        imp = sub.add_parser("import", help="apply an Excel list (the export's shape) from a date")
        imp.add_argument("file", type=Path)
        imp.add_argument("--from", dest="valid_from", required=True, type=dt.date.fromisoformat)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] in ("export", "import"):
            self._excel(options)
            return
        if options["action"] == "load":
            try:
                created, written = load_catalog(read_reference(options["file"]))
            except CatalogError as exc:
                raise CommandError(
                    "Không nạp được danh mục, chưa ghi gì vào cơ sở dữ liệu:\n  - "
                    + "\n  - ".join(exc.problems)
                ) from exc
            self.stdout.write(f"Đã nạp {written} thủ tục ({created} thủ tục mới).")
            return
        try:
            unit = Unit.objects.get(code=options["unit"])
        except Unit.DoesNotExist:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.") from None
        day = options["on"] or timezone.localdate()
        count = publish_for_unit(unit, level=options["level"], day=day)
        self.stdout.write(f"{unit.name}: công khai {count} thủ tục.")

    def _excel(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if options["action"] == "export":
            day = options["on"] or timezone.localdate()
            path.write_bytes(export_catalog(day))
            self.stdout.write(f"Đã ghi danh mục áp dụng ngày {day:%d/%m/%Y} vào {path}.")
            return
        try:
            with path.open("rb") as source:
                changed = import_catalog(source, options["valid_from"])
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp {path}.") from None
        except SheetError as exc:
            raise CommandError(
                "Không nhập được, chưa ghi gì vào cơ sở dữ liệu:\n  - "
                + "\n  - ".join(exc.problems)
            ) from exc
        self.stdout.write(
            f"Đã cập nhật {changed} thủ tục, áp dụng từ ngày {options['valid_from']:%d/%m/%Y}."
        )
