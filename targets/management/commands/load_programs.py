from django.core.management.base import BaseCommand

from targets.loader import programs_load


class Command(BaseCommand):
    help = "Nạp Nghị quyết 46-NQ/TW và các chương trình mẫu từ targets/data/ (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Ghi đè những bản ghi quản trị viên đã sửa bằng nội dung trong tệp dữ liệu.",
        )

    def handle(self, *args, overwrite=False, **options):
        report = programs_load(overwrite=overwrite)
        self.stdout.write(f"Tạo mới: {report.created}; cập nhật: {report.updated}; giữ nguyên: {report.unchanged}.")
        for line in report.kept:
            self.stdout.write(self.style.WARNING(f"Đã được sửa sau khi nạp, giữ nguyên: {line} (dùng --overwrite)"))
