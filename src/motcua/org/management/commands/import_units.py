from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.org.services import UnitImportError, import_two_level_units, import_units


class Command(BaseCommand):
    help = (
        "Nhập tỉnh, đơn vị cấp huyện và cấp xã từ danh mục đơn vị hành chính của Tổng cục "
        "Thống kê (CSV), hoặc cơ cấu hai cấp từ 01/7/2025 từ bảng chuyển đổi (--two-level). "
        "Chạy lại không tạo trùng; không đổi mã định danh đã có."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="Tệp CSV theo mẫu GSO (units-2025-01-04.csv, gzip được)."
        )
        parser.add_argument("--province", required=True, help="Mã tỉnh GSO, ví dụ 56.")
        parser.add_argument(
            "--two-level",
            metavar="PATH",
            help="Bảng chuyển đổi sang cơ cấu hai cấp (units-2025-07-conversion.csv, gzip được).",
        )
        parser.add_argument(
            "--exclude",
            action="append",
            default=[],
            metavar="MÃ_HUYỆN",
            help="Bỏ qua đơn vị cấp huyện (và các xã của nó); dùng được nhiều lần.",
        )
        parser.add_argument(
            "--committee-names",
            action="store_true",
            help="Đặt tên đơn vị mới theo UBND (UBND huyện ...) thay cho tên GSO.",
        )

    def handle(self, *args, path, province, two_level, exclude, committee_names, **options):
        if bool(path) == bool(two_level):
            raise CommandError(_("Chỉ định đúng một tệp: danh mục GSO hoặc --two-level."))
        try:
            if two_level:
                import_two_level_units(
                    two_level,
                    province,
                    committee_names=committee_names,
                    report=self.stdout.write,
                )
            else:
                import_units(
                    path,
                    province,
                    exclude_codes=exclude,
                    committee_names=committee_names,
                    report=self.stdout.write,
                )
        except UnitImportError as error:
            raise CommandError(str(error)) from error
        except (OSError, UnicodeDecodeError) as error:
            source = two_level or path
            message = _("Không đọc được tệp %(path)s (cần CSV UTF-8): %(error)s")
            raise CommandError(message % {"path": source, "error": error}) from error
