from django.core.management.base import BaseCommand

from motcua.stats.services import rebuild


class Command(BaseCommand):
    help = "Tính lại các bảng số liệu thống kê từ hồ sơ (dữ liệu cũ, dữ liệu mẫu)."

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(f"{rows} dòng số liệu theo ngày.")
