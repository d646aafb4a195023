from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.audit.chain import verify


class Command(BaseCommand):
    help = "Audit log: verify the hash chain and name the first broken event."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute the chain")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify()
        if verdict.first_broken is not None:
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ tại sự kiện số {verdict.first_broken}: {verdict.reason} "
                f"({verdict.checked} sự kiện trước đó hợp lệ)."
            )
        self.stdout.write(f"Nhật ký toàn vẹn: {verdict.checked} sự kiện.")
