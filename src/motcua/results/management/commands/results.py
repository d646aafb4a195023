from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.results.testca import make_test_ca
from motcua.units.models import Unit


class Command(BaseCommand):
    help = "Electronic results: make a TEST certification authority and a unit's signing key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ca = sub.add_parser(
            "make-test-ca",
            help="create a local TEST root CA (once per directory) and a unit signing certificate",
        )
        ca.add_argument("--unit", required=True, help="unit code, e.g. 30406")
        ca.add_argument(
            "--out",
            type=Path,
            help="directory (default: MOTCUA_SIGNING_DIR, where signing looks for <unit>.p12)",
        )
        ca.add_argument(
            "--password",
            help="PKCS#12 password (default: MOTCUA_SIGNING_PASSWORD; none if that is empty)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CONFIG.env == "production":
            raise CommandError(
                "Không tạo chứng thư số THỬ NGHIỆM trên hệ thống chính thức "
                "(MOTCUA_ENV=production)."
            )
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        out: Path = options["out"] or Path(settings.SIGNING_DIR)
        password = options["password"]
        if password is None:
            password = settings.SIGNING_PASSWORD
        files = make_test_ca(unit.code, unit.name, out, password)
        root = "tạo mới" if files.created_root else "dùng lại"
        self.stdout.write(f"CA gốc THỬ NGHIỆM ({root}): {files.root_certificate}")
        self.stdout.write(f"Chứng thư số THỬ NGHIỆM của {unit.name}: {files.unit_pkcs12}")
        self.stdout.write(f"Danh sách chứng thư gốc tin cậy: {files.trust_roots}")
        self.stdout.write(
            f"Đơn vị cấp dấu thời gian THỬ NGHIỆM: {files.tsa_pkcs12} (MOTCUA_SIGNING_TSA=test)"
        )
        if out.resolve() != Path(settings.SIGNING_DIR).resolve():
            self.stdout.write(
                f"Lưu ý: hệ thống ký bằng tệp trong MOTCUA_SIGNING_DIR={settings.SIGNING_DIR}."
            )
