"""motcua portal deliver|inbound|simulator — sync with Cổng DVCQG (docs/portal-sync.md)."""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.audit.services import origin
from motcua.dossiers.services import DossierError
from motcua.portal.delivery import deliver_due, pending_backlog
from motcua.portal.services import receive_from_portal


class Command(BaseCommand):
    help = "Đồng bộ Cổng DVCQG: gửi tin chờ (deliver), nhận hồ sơ từ tệp (inbound), giả lập Cổng"

    def add_arguments(self, parser: ArgumentParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        deliver = verbs.add_parser("deliver", help="gửi các tin đến lượt")
        deliver.add_argument("--limit", type=int, default=1000)
        deliver.add_argument("--loop", action="store_true", help="gửi liên tục")
        deliver.add_argument("--interval", type=float, default=5.0, help="giây giữa hai lượt")
        inbound = verbs.add_parser("inbound", help="nhận hồ sơ nộp trên Cổng từ tệp .jsonl")
        inbound.add_argument("file", type=Path)
        simulator = verbs.add_parser("simulator", help="chạy bộ giả lập Cổng (demo)")
        simulator.add_argument("--port", type=int, default=8765)
        simulator.add_argument("--token", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "deliver":
            self._deliver(options["limit"], options["loop"], options["interval"])
        elif verb == "inbound":
            self._inbound(options["file"])
        else:
            self._simulator(options["port"], options["token"])

    def _deliver(self, limit: int, loop: bool, interval: float) -> None:
        while True:
            with origin(channel="cli", command="portal deliver"):
                report = deliver_due(limit)
            if not report.configured:
                raise CommandError("Chưa cấu hình MOTCUA_PORTAL_URL: không gửi được.")
            self.stdout.write(
                f"Đã gửi {report.sent}, thử lại sau {report.retried}, dừng gửi {report.dead}; "
                f"còn chờ {pending_backlog()}."
            )
            if not loop:
                return
            time.sleep(interval)

    def _inbound(self, path: Path) -> None:
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        created = existing = 0
        problems = []
        with origin(channel="cli", command="portal inbound"), path.open(encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    _, new = receive_from_portal(json.loads(line), via="file")
                except ValueError as exc:  # JSON errors and DossierError
                    reason = str(exc) if isinstance(exc, DossierError) else "không phải JSON"
                    problems.append(f"Dòng {number}: {reason}")
                    continue
                created, existing = created + new, existing + (not new)
        self.stdout.write(f"Hồ sơ mới: {created}; đã có (gửi lại): {existing}.")
        if problems:
            raise CommandError("\n".join(problems))

    def _simulator(self, port: int, token: str | None) -> None:
        from motcua.portal.simulator import PortalSimulator

        try:
            sim = PortalSimulator(port=port, token=token).start()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Bộ GIẢ LẬP Cổng DVCQG chạy tại {sim.url} (MOTCUA_PORTAL_URL={sim.url}). "
            'Xem tin: GET /__tin-da-nhan; đổi chế độ: POST /__che-do {"mode": "fail"}. '
            "Ctrl+C để dừng."
        )
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            sim.stop()
