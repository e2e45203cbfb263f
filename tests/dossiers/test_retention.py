"""Drafts nobody touched for MOTCUA_DRAFT_RETENTION_DAYS days go, with their files; submitted
dossiers and recent drafts stay, whatever their age."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers import retention, services
from motcua.dossiers.models import Dossier, Status

from .conftest import pdf, stored_files

pytestmark = pytest.mark.django_db(transaction=True)


def aged(dossier, days: int):
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return dossier


def draft_with_file(applicant, world, *, days: int):
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    services.attach_file(draft.pk, applicant, document_id=world["documents"][0].pk, upload=pdf())
    return aged(draft, days)


def test_stale_drafts_go_with_their_files_and_submitted_dossiers_stay(
    settings, applicant, world, tmp_path
):
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 30
    stale = draft_with_file(applicant, world, days=31)
    recent = draft_with_file(applicant, world, days=29)
    submitted = draft_with_file(applicant, world, days=0)
    services.attach_file(
        submitted.pk, applicant, document_id=world["documents"][1].pk, upload=pdf()
    )
    services.save_draft(submitted.pk, applicant, applicant={}, values={"noi_dung": "x"})
    services.submit(submitted.pk, applicant)
    aged(submitted, 400)
    files_before = len(stored_files(tmp_path))

    out = StringIO()
    call_command("purge_drafts", stdout=out)

    remaining = set(Dossier.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert remaining == {recent.pk, submitted.pk}
    assert Dossier.objects.get(pk=submitted.pk).status == Status.NEW
    assert len(stored_files(tmp_path)) == files_before - 1
    assert "1 draft(s)" in out.getvalue()
    assert retention.purge_stale_drafts() == 0  # a second run finds nothing more


def test_no_retention_keeps_every_draft(settings, applicant, world):
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 0
    draft = draft_with_file(applicant, world, days=3650)

    assert retention.purge_stale_drafts() == 0
    assert Dossier.objects.filter(pk=draft.pk).exists()


def test_the_task_purges_too(settings, applicant, world, immediate_tasks):
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 30
    draft_with_file(applicant, world, days=60)

    result = retention.purge_drafts.enqueue()

    assert result.return_value == 1
    assert not Dossier.objects.exists()
