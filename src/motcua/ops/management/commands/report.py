import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.control.cli import add_narrative_parser, write_narrative
from motcua.domain.periods import PeriodError, period
from motcua.domain.report_checks import check_report
from motcua.reports.ii06a import ii06a
from motcua.reports.ii06a_print import PrintOptions, render_ii06a_docx, render_ii06a_pdf
from motcua.reports.ii06a_table import receiving_unit
from motcua.reports.ii06a_xlsx import read_xlsx, render_xlsx
from motcua.reports.ii07b import ii07b, render_ii07b_xlsx
from motcua.reports.ii07b_print import render_ii07b_docx, render_ii07b_pdf
from motcua.reports.indicators_cli import add_indicators_parser, run_indicators
from motcua.reports.rebuild import differences, rebuild
from motcua.units.models import Unit


class Command(BaseCommand):
    help = "Reports: Biểu II.06a and the QĐ 766 / NQ indicators from the records; check a report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("ii06a", help="Biểu II.06a/VPCP/KSTT for a unit and period")
        report.add_argument("--unit", required=True)
        report.add_argument("--from", dest="start", type=dt.date.fromisoformat)
        report.add_argument("--to", dest="end", type=dt.date.fromisoformat)
        report.add_argument("--period", help="2024, 2024-Q2, 2024-H1 or 2024-M05 (cut-off 15th)")
        report.add_argument("--format", default="json", choices=["json", "xlsx", "docx", "pdf"])
        report.add_argument("-o", "--output", type=Path)
        add_indicators_parser(sub)
        report.add_argument(
            "--date",
            dest="signed_on",
            type=dt.date.fromisoformat,
            help="ngày ký (mặc định hôm nay)",
        )
        report.add_argument("--preparer", default="", help="người lập biểu (Word, PDF)")
        count = sub.add_parser("ii07b", help="Biểu II.07b/VPCP/KSTT: số lượng TTHC tại một ngày")
        count.add_argument("--unit", required=True)
        count.add_argument("--on", required=True, type=dt.date.fromisoformat)
        count.add_argument("--format", default="json", choices=["json", "xlsx", "docx", "pdf"])
        count.add_argument("--date", dest="signed_on", type=dt.date.fromisoformat)
        count.add_argument("--preparer", default="", help="người lập biểu (Word, PDF)")
        count.add_argument("-o", "--output", type=Path)
        check = sub.add_parser(
            "check", help="check an II.06a (our JSON or Excel) for broken identities"
        )
        check.add_argument("file", type=Path)
        add_narrative_parser(sub)
        sub.add_parser(
            "rebuild-summary",
            help="recompute the report summary table from the dossier rows (after a bulk load)",
        )
        sub.add_parser(
            "check-summary", help="compare the report summary table with the dossier rows"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        elsewhere = {
            "check": lambda: self._check(options["file"]),
            "indicators": lambda: self.stdout.write(run_indicators(options)),
            "narrative": lambda: self.stdout.write(write_narrative(options)),
            "rebuild-summary": self._rebuild_summary,
            "check-summary": self._check_summary,
        }
        if options["action"] in elsewhere:
            elsewhere[options["action"]]()
            return
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        if options["action"] == "ii07b":
            self._ii07b(unit, options)
            return
        if options["period"]:
            try:
                options["start"], options["end"] = period(options["period"])
            except PeriodError as exc:
                raise CommandError(str(exc)) from exc
        if options["start"] is None or options["end"] is None:
            raise CommandError("Cần --from và --to, hoặc --period.")
        if options["end"] < options["start"]:
            raise CommandError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
        result = ii06a(unit, options["start"], options["end"])
        if options["format"] != "json":
            if not options["output"]:
                raise CommandError(f"Định dạng {options['format']} cần -o TỆP.")
            print_options = PrintOptions(
                signed_on=options["signed_on"] or timezone.localdate(),
                preparer=options["preparer"],
            )
            renderers = {
                "xlsx": lambda: render_xlsx(result, receiving_unit(unit), print_options),
                "docx": lambda: render_ii06a_docx(result, print_options),
                "pdf": lambda: render_ii06a_pdf(result, print_options),
            }
            options["output"].write_bytes(renderers[options["format"]]())
            self.stdout.write(f"Đã ghi {options['output']}.")
            return
        data = json.dumps(result.as_json(), ensure_ascii=False, indent=2)
        if options["output"]:
            options["output"].write_text(data + "\n", encoding="utf-8")
            self.stdout.write(f"Đã ghi {options['output']}.")
        else:
            self.stdout.write(data)

    def _rebuild_summary(self) -> None:
        stats = rebuild()
        self.stdout.write(
            f"Đã tính lại bảng tổng hợp: {stats['units']} đơn vị, {stats['cells']} ô, "
            f"{stats['dossiers_corrected']} hồ sơ được sửa cột ngày."
        )

    def _check_summary(self) -> None:
        found = differences()
        if found:
            for line in found[:50]:
                self.stdout.write(line)
            self.stdout.write(
                f"Bảng tổng hợp lệch {len(found)} chỗ; chạy `motcua report rebuild-summary`."
            )
            sys.exit(1)
        self.stdout.write("Bảng tổng hợp khớp với dữ liệu hồ sơ.")

    def _ii07b(self, unit: Unit, options: dict[str, Any]) -> None:
        counted = ii07b(unit, options["on"])
        if options["format"] != "json":
            if not options["output"]:
                raise CommandError(f"Định dạng {options['format']} cần -o TỆP.")
            receiver = receiving_unit(unit)
            signed_on = options["signed_on"] or timezone.localdate()
            if options["format"] == "xlsx":
                body = render_ii07b_xlsx(counted, receiver, signed_on, options["preparer"])
            elif options["format"] == "pdf":
                body = render_ii07b_pdf(counted, receiver, signed_on, options["preparer"])
            else:
                body = render_ii07b_docx(counted, receiver, signed_on, options["preparer"])
            options["output"].write_bytes(body)
            self.stdout.write(f"Đã ghi {options['output']}.")
            return
        data = json.dumps(counted.as_json(), ensure_ascii=False, indent=2)
        if options["output"]:
            options["output"].write_text(data + "\n", encoding="utf-8")
            self.stdout.write(f"Đã ghi {options['output']}.")
        else:
            self.stdout.write(data)

    def _check(self, path: Path) -> None:
        try:
            if path.suffix.lower() == ".xlsx":
                rows, total = read_xlsx(path)
            else:
                data = json.loads(path.read_text(encoding="utf-8"))
                rows = [(r["field"]["name"], r) for r in data["rows"]]
                total = data.get("total")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Không đọc được báo cáo {path}: {exc}") from exc
        problems = check_report(rows, total)
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            self.stdout.write(f"{len(problems)} chỗ không khớp.")
            sys.exit(1)
        self.stdout.write("Báo cáo khớp mọi đẳng thức.")
