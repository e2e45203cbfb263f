from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.dossiers.retention import purge_stale_drafts


class Command(BaseCommand):
    help = "Delete drafts not touched for MOTCUA_DRAFT_RETENTION_DAYS days, with their files."

    def handle(self, *args, **options) -> None:
        purged = purge_stale_drafts()
        days = settings.MOTCUA_DRAFT_RETENTION_DAYS
        self.stdout.write(f"{purged} draft(s) untouched for {days} days deleted.")
