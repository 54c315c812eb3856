"""Send the report emails still in the outbox. Safe to run at any time, and twice at once.

Run it every few minutes from cron or a systemd timer (see the README); it exits with status 1
while some email cannot be sent, so the timer's failures show in monitoring.
"""

from django.core.management.base import BaseCommand, CommandError

from reports.emails import send_pending
from reports.models import Notification


class Command(BaseCommand):
    help = "Gửi các thư thông báo về báo cáo chưa gửi được (chạy định kỳ bằng cron hoặc systemd timer)."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        waiting = Notification.objects.unsent().count()
        self.stdout.write(f"Đã gửi {sent} thư; {failed} thư gửi lỗi; còn {waiting} thư chưa gửi.")
        if failed:
            raise CommandError(f"{failed} thư chưa gửi được; xem lỗi trong trang quản trị (Thư thông báo).")
