from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.loader import programs_load


class Command(BaseCommand):
    help = "Nạp Nghị quyết 46-NQ/TW và các chương trình mẫu từ targets/data/ (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="Các tệp TOML chương trình, kế hoạch khác (của xã, huyện; chỉ tiêu được giao), nạp sau các tệp mẫu.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Ghi đè những bản ghi quản trị viên đã sửa bằng nội dung trong tệp dữ liệu.",
        )

    def handle(self, *args, files=(), overwrite=False, **options):
        missing = [str(path) for path in files if not path.is_file()]
        if missing:
            raise CommandError(f"Không có tệp: {', '.join(missing)}")
        report = programs_load(overwrite=overwrite, files=files)
        self.stdout.write(f"Tạo mới: {report.created}; cập nhật: {report.updated}; giữ nguyên: {report.unchanged}.")
        for line in report.kept:
            self.stdout.write(self.style.WARNING(f"Đã được sửa sau khi nạp, giữ nguyên: {line} (dùng --overwrite)"))
