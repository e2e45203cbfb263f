from django.core.management.base import BaseCommand, CommandError

from motcua.org.services import UnitImportError, import_units


class Command(BaseCommand):
    help = (
        "Nhập tỉnh, đơn vị cấp huyện và cấp xã từ danh mục đơn vị hành chính của Tổng cục "
        "Thống kê (CSV). Chạy lại không tạo trùng; không đổi mã định danh đã có."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp CSV theo mẫu GSO (units-2025-01-04.csv).")
        parser.add_argument("--province", required=True, help="Mã tỉnh GSO, ví dụ 56.")
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

    def handle(self, *args, path, province, exclude, committee_names, **options):
        try:
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
            raise CommandError(f"Không đọc được tệp {path} (cần CSV UTF-8): {error}") from error
