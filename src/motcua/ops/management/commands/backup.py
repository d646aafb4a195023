import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.ops.backup import BackupError, fingerprint, make_backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup / pg_dump -Fc) with a verification manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="backup file (default DATA_DIR/backups/…)")
        parser.add_argument("--fingerprint", action="store_true", help="print the fingerprint")
        parser.add_argument("--period", nargs=2, metavar=("FROM", "TO"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fingerprint"]:
            period = None
            if options["period"]:
                period = tuple(dt.date.fromisoformat(p) for p in options["period"])
            self.stdout.write(json.dumps(fingerprint(period), ensure_ascii=False))  # type: ignore[arg-type]
            return
        try:
            path, manifest = make_backup(options["out"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu vào {path} ({path.stat().st_size:,} byte; {len(manifest['tables'])} bảng, "
            f"{rows:,} dòng; nhật ký {manifest['audit']['checked']:,} sự kiện toàn vẹn)."
        )
