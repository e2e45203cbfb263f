from django.core.management.base import BaseCommand

from motcua.demo import loaders


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Khánh Hòa (chạy lại không nạp trùng)."

    def handle(self, *args, **options):
        self.stdout.write(
            "Dữ liệu mẫu: lần nạp đầu tiên mất khoảng 1–3 phút (danh mục thủ tục quốc gia)…"
        )
        for loader in loaders.LOADERS:
            message = loader()
            if message:
                self.stdout.write(message)
