"""`motcua audit verify | checkpoint`: the audit chain, its exported checkpoints and the
stored state of dossiers held against it (audit/chain.py, audit/checkpoints.py,
dossiers/log_check.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.audit import checkpoints
from motcua.audit.access_log import altered
from motcua.audit.chain import verify
from motcua.dossiers.log_check import disagreements

_SHOWN = 50  # disagreements printed; the count says how many in all


class Command(BaseCommand):
    help = (
        "Nhật ký kiểm toán: verify kiểm tra chuỗi, điểm kiểm tra và dữ liệu hồ sơ; "
        "checkpoint in điểm kiểm tra hiện tại để lưu ở nơi khác."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="tính lại chuỗi, đối chiếu dữ liệu hồ sơ")
        check.add_argument(
            "--checkpoints", type=Path, help="tệp điểm kiểm tra đã xuất (mỗi dòng một điểm)"
        )
        point = sub.add_parser("checkpoint", help="in điểm kiểm tra hiện tại (một dòng JSON)")
        point.add_argument("--append", type=Path, help="ghi thêm vào cuối tệp này")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self._checkpoint(options["append"])
        else:
            self._verify(options["checkpoints"])

    def _checkpoint(self, target: Path | None) -> None:
        point = checkpoints.take()
        if target is not None:
            with target.open("a", encoding="utf-8") as out:
                out.write(point.line() + "\n")
        self.stdout.write(point.line())
        self.stderr.write(f"Đã lấy {point.label()}; hãy lưu nó ở nơi khác ngoài máy chủ này.")

    def _verify(self, checkpoint_file: Path | None) -> None:
        problems: list[str] = []
        verdict = verify()
        if verdict.first_broken is not None:
            part = f" của phần chuỗi {verdict.partition}" if verdict.partition else ""
            problems.append(
                f"Chuỗi nhật ký bị phá vỡ tại sự kiện số {verdict.first_broken}{part}: "
                f"{verdict.reason} ({verdict.checked} sự kiện trước đó hợp lệ)."
            )
        if checkpoint_file is not None:
            try:
                text = checkpoint_file.read_text(encoding="utf-8")
            except OSError:
                raise CommandError(f"Không đọc được tệp điểm kiểm tra {checkpoint_file}.") from None
            points, unreadable = checkpoints.parse(text.splitlines())
            problems += unreadable + checkpoints.disagreements(points)
        changed_reads = altered()
        if changed_reads:
            problems.append(
                f"Nhật ký xem dữ liệu cá nhân: {len(changed_reads)} dòng đã bị sửa "
                f"(dòng số {', '.join(str(pk) for pk in changed_reads[:_SHOWN])})."
            )
        wrong_rows = list(disagreements())
        problems += wrong_rows[:_SHOWN]
        if len(wrong_rows) > _SHOWN:
            problems.append(f"… và {len(wrong_rows) - _SHOWN} hồ sơ khác không khớp nhật ký.")
        if problems:
            raise CommandError("Nhật ký kiểm toán không toàn vẹn:\n  - " + "\n  - ".join(problems))
        compared = "" if checkpoint_file is None else f", khớp {len(points)} điểm kiểm tra"
        self.stdout.write(
            f"Nhật ký toàn vẹn: {verdict.checked} sự kiện{compared}; dữ liệu hồ sơ khớp nhật ký."
        )
