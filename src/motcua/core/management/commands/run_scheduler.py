"""`manage.py run_scheduler`: enqueue the periodic jobs that are due (motcua.core.scheduler),
every `--interval` seconds until stopped (SIGTERM or SIGINT end it between two ticks). Run
one on every node if you like: a slot is enqueued once whichever scheduler claims it."""

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from motcua.core.scheduler import tick

logger = logging.getLogger("motcua.scheduler")


class Command(BaseCommand):
    help = "Đưa vào hàng đợi các công việc định kỳ đến lượt (mỗi phút), cho đến khi bị dừng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="Seconds between two ticks (default: 60).",
        )
        parser.add_argument("--once", action="store_true", help="One tick, then exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        if once:
            self._report(tick())
            return
        while not stop.is_set():
            self._tick()
            # The next tick on the clock's next multiple of the interval (just after the minute).
            stop.wait(interval - time.time() % interval)

    def _tick(self) -> None:
        """One tick. Whatever fails (the database is down, say) is logged, and the next tick
        tries again: the scheduler keeps running."""
        close_old_connections()
        try:
            self._report(tick())
        except Exception:
            logger.exception("Scheduler tick failed")

    def _report(self, enqueued: list[str]) -> None:
        if enqueued:
            self.stdout.write(f"Enqueued: {', '.join(enqueued)}", ending="\n")
