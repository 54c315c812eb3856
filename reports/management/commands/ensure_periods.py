from django.core.management.base import BaseCommand

from reports.calendar import covered_years, periods_ensure


class Command(BaseCommand):
    help = (
        "Tạo các kỳ báo cáo (quý) còn thiếu cho mọi năm các chương trình đang thực hiện bao phủ (chạy lại không sao)."
    )

    def handle(self, *args, **options):
        years = covered_years()
        created = periods_ensure(years)
        self.stdout.write(f"Kỳ báo cáo {years.start}–{years.stop - 1}: tạo mới {created} quý.")
