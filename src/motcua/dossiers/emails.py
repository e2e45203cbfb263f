"""Emails to the applicant about their dossier (rendered now, sent by a task after commit)."""

from django.template.loader import render_to_string

from motcua.notifications.services import queue_email

from .models import Dossier, StatusHistory


def queue_status_email(dossier: Dossier, entry: StatusHistory) -> None:
    """One email per status change, to the address frozen at submission (none for drafts)."""
    if not dossier.applicant_email:
        return
    context = {"dossier": dossier, "entry": entry}
    subject = render_to_string("dossiers/email/status_subject.txt", context).strip()
    body = render_to_string("dossiers/email/status_body.txt", context)
    queue_email(f"dossier-history-{entry.pk}", dossier.applicant_email, subject, body)
