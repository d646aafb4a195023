from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from motcua.dossiers.importer import ImportProblems, import_dossiers, read_rows
from motcua.dossiers.issued import render_missing
from motcua.units.models import Unit


class Command(BaseCommand):
    help = (
        "Dossiers: import history with the national portal's field names (CSV, JSONL, Excel); "
        "render issued forms whose job was lost."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import or update dossiers by MaHoSo")
        imp.add_argument("file", type=Path)
        imp.add_argument("--unit", help="unit code when the DonViXuLy column is absent")
        imp.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows and list the others"
        )
        forms = sub.add_parser(
            "render-forms",
            help="render the PDF of every issued form that has none yet (idempotent)",
        )
        forms.add_argument("--limit", type=int, help="render at most this many (oldest first)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "render-forms":
            counts = render_missing(options["limit"], older_than=None)
            self.stdout.write(
                f"Đã tạo tệp cho {counts['rendered']} văn bản, lỗi {counts['failed']} văn bản."
            )
            if counts["failed"]:
                raise CommandError("Có văn bản chưa tạo được tệp; xem nhật ký lỗi.")
            return
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        with Progress(transient=True) as progress:
            task = progress.add_task("Đang nhập hồ sơ", total=None)
            try:
                result = import_dossiers(
                    read_rows(path),
                    actor=None,
                    default_unit=unit,
                    skip_invalid=options["skip_invalid"],
                    progress=lambda n: progress.advance(task, n),
                )
            except ImportProblems as exc:
                raise CommandError(
                    f"Không nhập hồ sơ nào: {len(exc.problems)} dòng sai.\n  - "
                    + "\n  - ".join(exc.problems[:200])
                ) from exc
        for problem in result.skipped[:200]:
            self.stdout.write(f"Bỏ qua: {problem}")
        self.stdout.write(
            f"Đã nhập {result.created} hồ sơ mới, cập nhật {result.updated} hồ sơ"
            + (f", bỏ qua {len(result.skipped)} dòng sai." if result.skipped else ".")
        )
