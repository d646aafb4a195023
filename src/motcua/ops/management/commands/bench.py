import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from motcua.catalog.loader import REFERENCE_FILE, read_reference
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog
from motcua.ops.generate import generate
from motcua.units.services import load_reference_units


class Command(BaseCommand):
    help = (
        "Benchmarks: generate synthetic dossiers (bench generate), run the benchmarks (bench run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="synthetic dossiers through the real models")
        gen.add_argument("--dossiers", type=int, required=True)
        gen.add_argument("--units", type=int, default=160)
        gen.add_argument("--years", type=int, default=2)
        gen.add_argument("--seed", type=int, default=42)
        run = sub.add_parser("run", help="python bench/run.py (the whole benchmark suite)")
        run.add_argument("--quick", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "run":
            script = Path(__file__).resolve().parents[5] / "bench" / "run.py"
            if not script.exists():
                raise CommandError(f"Không tìm thấy {script} (chạy từ mã nguồn).")
            argv = [sys.executable, str(script)] + (["--quick"] if options["quick"] else [])
            raise SystemExit(subprocess.call(argv))  # noqa: S603
        if not ProcedureVersion.objects.exists():
            if not REFERENCE_FILE.exists():
                raise CommandError("Chưa có danh mục thủ tục.")
            load_reference_units()
            load_catalog(read_reference())
        total = options["dossiers"]
        started = time.perf_counter()
        with Progress(
            *Progress.get_default_columns()[:1],
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        ) as progress:
            task = progress.add_task("Đang tạo hồ sơ thử tải", total=total)
            summary = generate(
                dossiers=total,
                units=options["units"],
                years=options["years"],
                seed=options["seed"],
                progress=lambda n: progress.advance(task, n),
            )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Đã tạo {summary.dossiers} hồ sơ, {summary.events} sự kiện kiểm toán, "
            f"{summary.units} đơn vị trong {seconds:.1f} giây "
            f"({summary.dossiers / max(seconds, 1e-9):.0f} hồ sơ/giây)."
        )
