from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into a scratch database, verify it, and only then replace (--yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--verify-only", action="store_true")
        mode.add_argument("--yes", action="store_true", help="replace the live database")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = restore(options["file"], replace=options["yes"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        found = outcome["found"]
        self.stdout.write(
            f"Bản phục hồi khớp: {len(found['tables'])} bảng, nhật ký {found['audit']['checked']:,}"
            f" sự kiện, II.06a của {len(found['ii06a'])} đơn vị ({outcome['scratch']})."
        )
        if outcome["replaced"]:
            self.stdout.write("Đã thay cơ sở dữ liệu đang dùng bằng bản phục hồi.")
        else:
            self.stdout.write("Chưa thay gì (--verify-only).")
