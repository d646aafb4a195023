import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server (gunicorn, sync workers, persistent database connections)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="address:port to listen on")
        parser.add_argument("--workers", type=int, default=2, help="worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "motcua.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "20",
        ]
        self.stdout.write(f"motcua đang chạy tại http://{options['bind']}/  (Ctrl+C để dừng)")
        self.stdout.write(f"Liên kết và mã QR dẫn tới: {settings.MOTCUA_PUBLIC_URL}/")
        sys.stdout.flush()
        os.execv(sys.executable, gunicorn)  # noqa: S606  (replaces this process with gunicorn)
