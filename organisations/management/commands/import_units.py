"""A whole country's units and people, one workbook per province, checked then applied at once."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.imports import Plan, import_apply, import_plan
from organisations.models import Province


class Command(BaseCommand):
    help = (
        "Nhập đơn vị và người dùng từ tệp Excel, mỗi tỉnh một tệp đặt tên theo mã tỉnh (lang-son.xlsx), "
        "cùng mẫu với trang Đơn vị → Nhập từ Excel. Mặc định chỉ kiểm tra; --apply ghi tất cả các tỉnh "
        "trong một lần (có lỗi ở bất kỳ tệp nào thì không ghi gì)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Tệp .xlsx, hoặc thư mục chứa các tệp .xlsx.")
        parser.add_argument("--apply", action="store_true", help="Ghi vào cơ sở dữ liệu (mặc định: chỉ kiểm tra).")
        parser.add_argument(
            "--no-email", action="store_true", help="Không gửi thư đặt mật khẩu (người mới dùng “Quên mật khẩu?”)."
        )

    def handle(self, *args, paths, apply, no_email, **options):
        files = self._files(paths)
        provinces = {p.code: p for p in Province.objects.filter(code__in=[f.stem for f in files])}
        unknown = sorted(f.name for f in files if f.stem not in provinces)
        if unknown:
            raise CommandError(f"Không có tỉnh mang mã như tên tệp: {', '.join(unknown)}.")
        checked = []
        for path in files:
            content = path.read_bytes()
            plan = import_plan(province=provinces[path.stem], content=content, by=None)
            self._report(path, plan)
            checked.append((plan, content))
        if any(plan.problems for plan, _content in checked):
            raise CommandError("Có lỗi: chưa ghi gì. Sửa các tệp rồi chạy lại.")
        if not apply:
            self.stdout.write("Không có lỗi. Chạy lại với --apply để ghi.")
            return
        with transaction.atomic():
            for plan, content in checked:
                import_apply(province=plan.province, content=content, by=None, digest=plan.digest, notify=not no_email)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {len(checked)} tỉnh."))

    def _files(self, paths: list[str]) -> list[Path]:
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(path.glob("*.xlsx"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"Không có tệp hay thư mục {name}.")
        if not files:
            raise CommandError("Không có tệp .xlsx nào.")
        return files

    def _report(self, path: Path, plan: Plan) -> None:
        self.stdout.write(
            f"{path.name} ({plan.province.name}): {len(plan.units_new)} đơn vị mới, {len(plan.units_changed)} đơn vị"
            f" thay đổi, {len(plan.people_new)} người mới, {len(plan.people_changed)} người thay đổi,"
            f" {len(plan.problems)} lỗi."
        )
        for p in plan.problems:
            where = ", ".join(part for part in (p.sheet, f"dòng {p.row}" if p.row else "", p.column) if part)
            self.stdout.write(f"  {where}: «{p.value}» {p.message}")
