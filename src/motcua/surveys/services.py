"""Writes of the satisfaction survey: the invitation when a dossier is finished, the answer.

The invitation is made inside the status change that finishes the dossier (a transition hook,
registered in SurveysConfig.ready), and its e-mail is a Delivery row sent by a task after
that transaction commits (notifications.services.queue_email): a rolled back change invites
no one, a committed one never loses its invitation."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.core.text import nfc
from motcua.dossiers.models import Dossier, Status
from motcua.notifications.models import DeliveryChannel
from motcua.notifications.services import applicant_recipients, queue_email

from .models import Invitation, Response

# A dossier is rated once it is over for the applicant: result returned, or refused at the desk.
FINISHED = (Status.RETURNED, Status.NOT_RECEIVED)
LINK_VALID = timedelta(days=30)
SALT = "motcua.surveys.invitation"
MAX_COMMENT = 2000


class SurveyError(Exception):
    """A refusal with a Vietnamese message for the person."""

    default_message = _("Không thể ghi nhận đánh giá.")

    def __init__(self, message=None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class LinkInvalid(SurveyError):
    default_message = _("Liên kết đánh giá không hợp lệ. Vui lòng dùng đúng liên kết trong thư.")


class LinkExpired(SurveyError):
    default_message = _(
        "Liên kết đánh giá đã hết hạn (sau 30 ngày). Bạn vẫn có thể đánh giá từ mục "
        "“Hồ sơ của tôi” khi đã đăng nhập."
    )


class AlreadyAnswered(SurveyError):
    default_message = _("Hồ sơ này đã được đánh giá. Cảm ơn bạn đã góp ý.")


def invite_on_finish(dossier: Dossier, from_status: int, at) -> None:
    """Transition hook: a dossier entering a FINISHED status gets its invitation (once)."""
    reachable = dossier.applicant_id is not None or bool(dossier.applicant_email)
    if dossier.status not in FINISHED or not reachable:
        return
    invitation, created = Invitation.objects.get_or_create(dossier=dossier)
    if created:
        _queue_invitation_email(dossier, invitation)


def _queue_invitation_email(dossier: Dossier, invitation: Invitation) -> None:
    """By e-mail when the applicant receives e-mail (their notification choices), in their
    language; otherwise the button in "Hồ sơ của tôi" is the invitation."""
    recipient = next(
        (r for r in applicant_recipients(dossier) if r.channel == DeliveryChannel.EMAIL), None
    )
    if recipient is None:
        return
    context = {
        "dossier": dossier,
        "link": settings.MOTCUA_SITE_URL.rstrip("/") + rating_path(invitation),
        "valid_days": LINK_VALID.days,
    }
    with translation.override(recipient.language):
        subject = render_to_string("surveys/email/invitation_subject.txt", context).strip()
        body = render_to_string("surveys/email/invitation_body.txt", context)
    queue_email(
        f"survey-invitation-{invitation.pk}",
        recipient.to,
        subject,
        body,
        event="survey",
        dossier_id=dossier.pk,
    )


def token_for(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(invitation.pk))


def rating_path(invitation: Invitation) -> str:
    return reverse("surveys:by_link", args=[token_for(invitation)])


def invitation_id_from(token: str) -> int:
    """The invitation id a link was signed for; LinkInvalid (tampered) or LinkExpired."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_VALID)
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    return int(value)


def respond(invitation_id: int, answers: dict) -> Response:
    """Record the answer (cleaned survey form data) and close the invitation, atomically:
    two submissions at once give one response and one AlreadyAnswered."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("dossier__procedure")
            .get(pk=invitation_id)
        )
        if invitation.answered_at is not None:
            raise AlreadyAnswered()
        dossier = invitation.dossier
        now = timezone.now()
        response = Response.objects.create(
            unit_id=dossier.unit_id,
            field_id=dossier.procedure.field_id,
            procedure_id=dossier.procedure_id,
            month=timezone.localdate(now).replace(day=1),
            info_clear=answers["info_clear"],
            account_simple=answers["account_simple"],
            sending_smooth=answers["sending_smooth"],
            processing_fast=answers["processing_fast"],
            benefit=answers["benefit"],
            ease=answers["ease"],
            overall=answers["overall"],
            comment=nfc(answers.get("comment") or "").strip()[:MAX_COMMENT],
        )
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
    return response
