"""`motcua payments reconcile`: ask the gateway about pending online payments and settle them."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from motcua.payments.online import reconcile_pending
from motcua.payments.tasks import deliver_callbacks


class Command(BaseCommand):
    help = "Thanh toán trực tuyến: đối soát giao dịch chờ xác nhận (reconcile)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["reconcile"])

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliver_callbacks.call()
        settled = reconcile_pending()
        self.stdout.write(f"Cổng thử nghiệm gửi {sent} thông báo; đã đối soát {settled} giao dịch.")
