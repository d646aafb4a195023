from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff


class Command(BaseCommand):
    help = "Create the demo data that exists so far (staff personas) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CONFIG.env == "production":
            raise CommandError(
                "Không tạo dữ liệu mẫu trên hệ thống chính thức (MOTCUA_ENV=production)."
            )
        logins = create_demo_staff()
        self.stdout.write("Tài khoản dùng thử (demo logins):")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<11} / {DEMO_PASSWORD}   {login.full_name} — {login.role.label}"
            )
