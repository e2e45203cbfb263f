from django.core.management.base import BaseCommand

from motcua.notifications.services import queue_digests


class Command(BaseCommand):
    help = (
        "Queue today's digest for each officer: their dossiers due within one working day. "
        "run_scheduler runs it at 07:00 on working days; a second run the same day sends nothing."
    )

    def handle(self, *args, **options):
        count = queue_digests()
        self.stdout.write(f"{count} digest(s) queued.")
