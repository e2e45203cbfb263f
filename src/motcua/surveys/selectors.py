"""Reads of the survey: the invitation behind a link or a signed-in applicant's button."""

from django.http import Http404

from motcua.dossiers.selectors import own_dossier

from .models import Invitation
from .services import invitation_id_from


def invitation_by_token(token: str) -> Invitation:
    """The invitation a signed link names (LinkInvalid / LinkExpired from the signature)."""
    invitation = (
        Invitation.objects.select_related("dossier__procedure", "dossier__unit")
        .filter(pk=invitation_id_from(token))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_for_owner(user, dossier_id: int) -> Invitation:
    """The invitation of the user's own dossier; Http404 for another person's dossier or one
    not (yet) finished."""
    dossier = own_dossier(user, dossier_id)
    invitation = Invitation.objects.filter(dossier=dossier).first()
    if invitation is None:
        raise Http404
    invitation.dossier = dossier
    return invitation


def rated_dossier_ids(dossier_ids) -> dict[int, bool]:
    """Dossier id -> whether it was answered, for the dossiers that have an invitation."""
    rows = Invitation.objects.filter(dossier_id__in=list(dossier_ids))
    return {
        d: answered is not None for d, answered in rows.values_list("dossier_id", "answered_at")
    }
