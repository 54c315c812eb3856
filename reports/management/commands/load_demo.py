import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.demo import DEMO_PASSWORD, SUPERUSER, UNIT_REPORTER_PREFIX, USERS, demo_exists, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (đơn vị, người dùng, số liệu tám quý tính đến quý hiện tại). Chỉ dùng khi phát triển."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Nạp cả khi DEBUG đang tắt.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Nạp như thể hôm nay là ngày này (YYYY-MM-DD); mặc định là hôm nay.",
        )

    def handle(self, *args, force=False, today=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG đang tắt: không nạp dữ liệu minh họa vào hệ thống thật (dùng --force nếu chắc chắn)."
            )
        if demo_exists():
            self.stdout.write("Dữ liệu minh họa đã có sẵn; không nạp lại.")
        else:
            demo_load(today=today)
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa."))
        self.stdout.write(f"Tài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD}):")
        for demo in [*USERS, SUPERUSER]:
            role = demo.role.label if demo.role else "Quản trị hệ thống (superuser)"
            self.stdout.write(f"  {demo.username:<22} {role} — {demo.organisation or 'toàn hệ thống'}")
        self.stdout.write(
            f"  {UNIT_REPORTER_PREFIX + '1, 2, …':<22} Cán bộ nhập số liệu của các đơn vị minh họa còn lại"
        )
