"""Merge one province into another on a date (the 1/7/2025 reform): units, bodies and programs."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nongdan.dates import format_date
from organisations.models import Province
from organisations.services import province_merge
from organisations.workbook import as_date
from programs.services import programs_province_merge


class Command(BaseCommand):
    help = (
        "Sáp nhập tỉnh NGUON vào tỉnh DICH từ một ngày: đơn vị, cơ quan và chương trình chuyển sang tỉnh mới, "
        "ghi nhớ tỉnh cũ; văn bản giữ nguyên tên. Ví dụ: merge_provinces ha-giang tuyen-quang --on 01/07/2025"
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Mã tỉnh được sáp nhập (tỉnh cũ).")
        parser.add_argument("into", help="Mã tỉnh nhận sáp nhập (tỉnh mới).")
        parser.add_argument("--on", required=True, help="Ngày sáp nhập, dd/mm/yyyy.")

    def handle(self, *args, source, into, on, **options):
        merged_on = as_date(on)
        if merged_on is None:
            raise CommandError(f"Ngày không đúng: {on} (ghi dd/mm/yyyy).")
        provinces = {p.code: p for p in Province.objects.filter(code__in=[source, into])}
        missing = [code for code in (source, into) if code not in provinces]
        if missing:
            raise CommandError(f"Không có tỉnh mã {', '.join(missing)}.")
        try:
            with transaction.atomic():
                units = province_merge(source=provinces[source], into=provinces[into], on=merged_on)
                programs = programs_province_merge(source=provinces[source], into=provinces[into])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        day = format_date(merged_on)
        self.stdout.write(
            f"Đã sáp nhập {provinces[source].name} vào {provinces[into].name} từ {day}: "
            f"{units.moved} đơn vị, {len(programs)} chương trình."
        )
        for old, new in units.renamed_codes.items():
            self.stdout.write(f"  Mã {old} đã có ở tỉnh mới: đổi thành {new}")
