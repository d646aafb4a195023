import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.bundles.demo import DEMO_AGENCIES, load_demo_agencies
from motcua.catalog.loader import REFERENCE_FILE, read_reference
from motcua.catalog.services import load_catalog, publish_for_unit
from motcua.control.demo import load_demo_control
from motcua.dossiers.importer import import_dossiers
from motcua.feedback.demo import load_demo_feedback
from motcua.reports.demo_records import demo_rows
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

# The seed report's commune and period (Báo cáo 451/BC-UBND, 15/12/2023–19/5/2024).
SEED_UNIT, SEED_DAY = "30406", dt.date(2024, 5, 19)
SUCCESSOR_UNIT = "30406-2025"


class Command(BaseCommand):
    help = "Load the reference data and the demo data that exist so far; print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CONFIG.env == "production":
            raise CommandError(
                "Không tạo dữ liệu mẫu trên hệ thống chính thức (MOTCUA_ENV=production)."
            )
        units = load_reference_units()
        self.stdout.write(f"Đơn vị tham chiếu: {units}")
        if REFERENCE_FILE.exists():
            _, procedures = load_catalog(read_reference())
            published = publish_for_unit(Unit.objects.get(code=SEED_UNIT), day=SEED_DAY)
            publish_for_unit(Unit.objects.get(code=SUCCESSOR_UNIT), day=timezone.localdate())
            self.stdout.write(f"Danh mục: {procedures} thủ tục; Phú Mỹ công khai {published}.")
            seed_unit = Unit.objects.get(code=SEED_UNIT)
            result = import_dossiers(demo_rows(seed_unit), actor=None, default_unit=seed_unit)
            self.stdout.write(
                f"Hồ sơ mẫu của thị trấn Phú Mỹ (15/12/2023–19/5/2024): "
                f"{result.created} mới, {result.updated} cập nhật."
            )
            entries = load_demo_control(seed_unit)
            self.stdout.write(f"Sổ kiểm soát TTHC của thị trấn Phú Mỹ: {entries} mục.")
        logins = create_demo_staff()
        if REFERENCE_FILE.exists():
            made = load_demo_feedback(Unit.objects.get(code=SEED_UNIT))
            self.stdout.write(
                f"Đánh giá, phản ánh mẫu: {made.ratings} đánh giá, {made.petitions} PAKN."
            )
        self.stdout.write("Tài khoản dùng thử (demo logins):")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<11} / {DEMO_PASSWORD}   {login.full_name} — {login.role.label}"
            )
        for username in load_demo_agencies(SUCCESSOR_UNIT, DEMO_PASSWORD):
            self.stdout.write(f"  {username:<11} / {DEMO_PASSWORD}   cơ quan liên thông")
        # a TEST certificate for the demo unit, so that electronic results can be signed, and
        # for its linked agencies, which sign their own step's document (the residence notice)
        for unit in (SUCCESSOR_UNIT, *(code for _, code, _, _ in DEMO_AGENCIES)):
            call_command("results", "make-test-ca", "--unit", unit, stdout=self.stdout)
