"""Retention of drafts: a draft nobody touched for settings.MOTCUA_DRAFT_RETENTION_DAYS days
is deleted with its files (personal data kept no longer than needed). Submitted dossiers are
records and are never touched; drafts are in no statistic, so the figures do not change.

Run daily by `manage.py purge_drafts` (cron or a systemd timer) or the task `purge_drafts`."""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import Dossier, Status

BATCH = 200


def purge_stale_drafts(*, now: datetime | None = None) -> int:
    """Delete the stale drafts, one transaction per draft; return how many.

    Each draft is locked and checked again (still a draft, still untouched) before it goes,
    so a draft its applicant saves or submits meanwhile is kept. Its files are deleted from
    storage after the commit. Idempotent: a second run finds nothing more."""
    days = settings.MOTCUA_DRAFT_RETENTION_DAYS
    if not days:
        return 0
    stale = Dossier.objects.filter(
        status=Status.DRAFT, updated_at__lt=(now or timezone.now()) - timedelta(days=days)
    )
    purged, last_id = 0, 0
    while ids := list(
        stale.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:BATCH]
    ):
        last_id = ids[-1]
        for dossier_id in ids:
            purged += _purge_one(stale, dossier_id)
    return purged


def _purge_one(stale, dossier_id: int) -> int:
    with transaction.atomic():
        dossier = stale.select_for_update().filter(pk=dossier_id).first()
        if dossier is None:
            return 0
        names = list(dossier.files.values_list("file", flat=True))
        dossier.delete()
        transaction.on_commit(partial(_delete_files, names))
    return 1


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@task
def purge_drafts() -> int:
    return purge_stale_drafts()
