import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from motcua.demo.generator import Generator


class Command(BaseCommand):
    help = "Sinh N hồ sơ mẫu trải trên nhiều năm (dùng cho đo tải; cùng seed cho cùng dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument(
            "--until", type=date.fromisoformat, default=None, help="Ngày cuối (yyyy-mm-dd)."
        )

    def handle(self, *args, count: int, seed: int, until: date | None, **options):
        if count < 1:
            raise CommandError("Số hồ sơ phải lớn hơn 0.")
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"  {done:,} / {count:,} hồ sơ ({rate:,.0f}/s)")

        done = Generator(count, seed, until).run(progress)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Đã sinh {done:,} hồ sơ trong {elapsed:.1f} s.")
