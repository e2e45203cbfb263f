from django.core.management.base import BaseCommand

from motcua.notifications.services import queue_digests


class Command(BaseCommand):
    help = (
        "Queue today's digest for each officer: their dossiers due within one working day. "
        "Run once a morning by a scheduler (cron, systemd timer); a second run sends nothing."
    )

    def handle(self, *args, **options):
        count = queue_digests()
        self.stdout.write(f"{count} digest(s) queued.")
