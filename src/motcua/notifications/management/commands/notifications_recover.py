from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.notifications.services import requeue_stalled
from motcua.notifications.tasks import lease


class Command(BaseCommand):
    help = (
        "Queue again the messages no worker is sending: left 'sending' by a worker that died, "
        "or overdue because their task was lost. run_scheduler runs it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=None,
            help="How long a send may take before it counts as dead (default: the setting).",
        )

    def handle(self, *args, lease_seconds=None, **options):
        count = requeue_stalled(timedelta(seconds=lease_seconds) if lease_seconds else lease())
        self.stdout.write(f"{count} message(s) queued again.")
