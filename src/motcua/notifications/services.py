"""Queue messages. A message is a Delivery row created in the caller's transaction, and a task
that sends it, which runs only if that transaction commits (so a rolled back change sends
nothing). The row is the record: a retried, duplicated or restarted task finds in it what is
already done (motcua.notifications.tasks).

Dossier events reach this module through `dossiers.services.register_change_listener`
(registered in NotificationsConfig.ready), inside the transaction of the change."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from motcua.core.calendar import add_working_time
from motcua.dossiers.models import Dossier, DossierChannel, Status, StatusHistory
from motcua.org.models import Role, StaffRole

from . import defaults, rendering
from .events import EVENTS, STATUS_EVENTS, change_values, moment, site_url, site_values
from .models import Delivery, DeliveryChannel, DeliveryStatus, MessageTemplate, Preference
from .tasks import enqueue


@dataclass(frozen=True)
class Recipient:
    channel: str
    to: str
    language: str
    user_id: int | None = None


def delivery_key(event: str, ref, channel: str, to: str) -> str:
    """One message per event, recipient and channel (the address is hashed: keys stay short)."""
    address = hashlib.sha256(to.strip().lower().encode()).hexdigest()[:24]
    return f"{event}:{ref}:{channel}:{address}"[:100]


def queue_message(
    *,
    event: str,
    ref,
    recipient: Recipient,
    values: dict[str, str],
    dossier_id: int | None = None,
) -> Delivery:
    """Render `event`'s template for the recipient's language and channel, record it and
    enqueue its sending. Queueing the same (event, ref, recipient) twice keeps one row and
    sends once."""
    subject, body, sms = template_text(event, recipient.language)
    text = sms if recipient.channel == DeliveryChannel.SMS else body
    delivery = Delivery(
        key=delivery_key(event, ref, recipient.channel, recipient.to),
        channel=recipient.channel,
        to=recipient.to,
        recipient_id=recipient.user_id,
        dossier_id=dossier_id,
        event=event,
        language=recipient.language,
        subject=rendering.render(subject, values, one_line=True)[:255],
        body=with_officer_note(
            rendering.render(text, values, one_line=recipient.channel == DeliveryChannel.SMS),
            values,
        ),
    )
    return _record_and_enqueue(delivery)


def queue_email(
    key: str, to: str, subject: str, body: str, *, event: str = "", dossier_id: int | None = None
) -> Delivery:
    """Record a one-off e-mail already written by its caller (a survey invitation, a feedback
    answer, a result link) under `key`, and enqueue its sending; the same key twice sends
    once. Template-driven dossier events go through `queue_message` instead."""
    delivery = Delivery(
        key=key[:100],
        channel=DeliveryChannel.EMAIL,
        to=to,
        dossier_id=dossier_id,
        event=event[:32],
        language=translation.get_language() or "vi",
        subject=subject[:255],
        body=body,
    )
    return _record_and_enqueue(delivery)


def with_officer_note(text: str, values: dict[str, str]) -> str:
    """The note an officer addressed to the applicant, added before the signature when the
    event's template does not already carry it (as the reason of a refusal does)."""
    note, line = values.get("ly_do", ""), values.get("ghi_chu", "")
    if not line or note in text:
        return text
    body, separator, signature = text.partition("\n--\n")
    return f"{body.rstrip()}\n\n{line}\n{separator}{signature}"


def _record_and_enqueue(delivery: Delivery) -> Delivery:
    """One INSERT … ON CONFLICT on the key, which returns the row's id whether it is new or
    was queued before; then its sending, after the caller's commit."""
    Delivery.objects.bulk_create(
        [delivery], update_conflicts=True, unique_fields=["key"], update_fields=["key"]
    )
    enqueue(delivery.pk)
    return delivery


def template_text(event: str, language: str) -> tuple[str, str, str]:
    """(subject, body, sms) of the admin's template, else the shipped default."""
    row = (
        MessageTemplate.objects.filter(event=event, language=language)
        .values_list("subject", "body", "sms")
        .first()
    )
    if row:
        return row
    texts = defaults.TEMPLATES[event]
    return texts.get(language) or texts["vi"]


# --- dossier events ---------------------------------------------------------------------


def on_dossier_change(dossier: Dossier, entry: StatusHistory, event: str) -> None:
    """Listener of every announced dossier change: the applicant's message for the changes
    that matter to them, and the desk's for a new online dossier."""
    name = STATUS_EVENTS.get(entry.to_status) if event == "status" else event
    if name not in EVENTS or (name == "submitted" and dossier.channel != DossierChannel.ONLINE):
        return  # a dossier registered at the desk is received at once: that is the news
    if name == "result_ready" and not dossier.collects_at_desk:
        return  # "come and collect" is wrong for a result sent online or by post
    queue_for_applicant(dossier, entry, name)
    if name == "submitted":
        queue_for_desk(dossier)


def queue_for_applicant(dossier: Dossier, entry: StatusHistory | None, event: str) -> None:
    values: dict[str, dict] = {}
    for recipient in applicant_recipients(dossier):
        if recipient.language not in values:
            with translation.override(recipient.language):
                values[recipient.language] = change_values(dossier, entry, event)
        queue_message(
            event=event,
            ref=entry.pk if entry else dossier.pk,
            recipient=recipient,
            values=values[recipient.language],
            dossier_id=dossier.pk,
        )


def applicant_recipients(dossier: Dossier) -> list[Recipient]:
    """The channels the applicant chose (no choice made: e-mail; a walk-in dossier without an
    account: e-mail, else SMS), to the contact details frozen on the dossier."""
    preference = Preference.objects.filter(user_id=dossier.applicant_id).first()
    language = preference.language if preference else "vi"
    email, phone = dossier.applicant_email, dossier.applicant_phone
    if preference:
        wanted = {
            DeliveryChannel.EMAIL: preference.by_email,
            DeliveryChannel.SMS: preference.by_sms,
        }
    else:
        wanted = {
            DeliveryChannel.EMAIL: True,
            DeliveryChannel.SMS: not dossier.applicant_id and not email,
        }
    recipients = []
    if wanted[DeliveryChannel.EMAIL] and email:
        recipients.append(Recipient(DeliveryChannel.EMAIL, email, language, dossier.applicant_id))
    if wanted[DeliveryChannel.SMS] and phone:
        recipients.append(Recipient(DeliveryChannel.SMS, phone, language, dossier.applicant_id))
    return recipients


def staff_recipients(users) -> list[tuple[object, Recipient]]:
    """(user, e-mail recipient) for each user with an address and e-mail not turned off."""
    result = []
    for user in users:
        preference = getattr(user, "notification_preference", None)
        if not user.email or (preference and not preference.by_email):
            continue
        language = preference.language if preference else "vi"
        result.append((user, Recipient(DeliveryChannel.EMAIL, user.email, language, user.pk)))
    return result


def _staff(**filters):
    return (
        get_user_model()
        .objects.filter(is_active=True, **filters)
        .select_related("notification_preference")
        .distinct()
        .order_by("pk")
    )


def queue_for_desk(dossier: Dossier) -> None:
    """A new dossier in the queue of the receiving unit's desk officers."""
    users = _staff(staff_roles__unit_id=dossier.unit_id, staff_roles__role=Role.DESK_OFFICER)
    for user, recipient in staff_recipients(users):
        with translation.override(recipient.language):
            values = {
                **change_values(dossier, None, "staff_new_dossier"),
                "ten_can_bo": user.get_full_name() or user.get_username(),
                "lien_ket_can_bo": site_url(reverse("desk:detail", args=[dossier.pk])),
            }
        queue_message(
            event="staff_new_dossier",
            ref=dossier.pk,
            recipient=recipient,
            values=values,
            dossier_id=dossier.pk,
        )


# --- the daily digest -------------------------------------------------------------------


def queue_digests(at: datetime | None = None) -> int:
    """One message to each officer holding the current step of dossiers due within one
    working day (or late): run daily by a scheduler; a second run the same day sends
    nothing more (the key has the local date). Returns the number of messages queued."""
    at = at or timezone.now()
    limit = add_working_time(at, 1, "working_day")
    rows = Dossier.objects.filter(
        status__in=(Status.RECEIVED, Status.PROCESSING),
        appointment_at__lte=limit,
        process__isnull=False,
    ).values_list(
        "code",
        "appointment_at",
        "procedure__name",
        "process__steps",
        "process__step_index",
    )
    by_step: dict[tuple[int, str], list[tuple]] = {}
    for code, appointment_at, procedure, steps, index in rows.order_by("appointment_at"):
        step = steps[index] if steps and index < len(steps) else None
        if step:
            by_step.setdefault((step["unit_id"], step["role"]), []).append(
                (code, appointment_at, procedure)
            )
    if not by_step:
        return 0
    holders: dict[int, list[tuple]] = {}
    pairs = Q()
    for unit_id, role in by_step:
        pairs |= Q(unit_id=unit_id, role=role)
    for user_id, unit_id, role in StaffRole.objects.filter(pairs).values_list(
        "user_id", "unit_id", "role"
    ):
        holders.setdefault(user_id, []).extend(by_step[(unit_id, role)])
    day = timezone.localdate(at).isoformat()
    queued = 0
    for user, recipient in staff_recipients(_staff(pk__in=holders)):
        dossiers = sorted(set(holders[user.pk]), key=lambda row: row[1])
        with translation.override(recipient.language):
            values = {
                **site_values(),
                "ten_can_bo": user.get_full_name() or user.get_username(),
                "so_ho_so": str(len(dossiers)),
                "danh_sach_ho_so": "\n".join(_digest_line(row, at) for row in dossiers),
                "lien_ket_can_bo": site_url(reverse("desk:queue")),
            }
        queue_message(
            event="staff_digest", ref=f"{day}-{user.pk}", recipient=recipient, values=values
        )
        queued += 1
    return queued


def _digest_line(row: tuple, at: datetime) -> str:
    code, appointment_at, procedure = row
    late = f" ({translation.gettext('quá hạn')})" if appointment_at < at else ""
    return f"- {code} · {procedure} · {moment(appointment_at)}{late}"


# --- failures: resend, recovery ---------------------------------------------------------


def resend(delivery_id: int) -> Delivery:
    """ "Gửi lại": a failed message goes back to the queue with a fresh series of attempts
    (the same row and key: it is still one message). Anything else is left as it is."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status == DeliveryStatus.FAILED:
            delivery.status = DeliveryStatus.QUEUED
            delivery.attempts = 0
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
            enqueue(delivery.pk)
    return delivery


def requeue_stalled(lease: timedelta, at: datetime | None = None) -> int:
    """Enqueue again what no task is going to send: messages left "sending" longer than
    `lease` (the worker died mid-send) and queued messages overdue by `lease` (their task
    was lost). Run every few minutes by a scheduler; a duplicate task is harmless (the row
    says what is done). Returns how many were requeued."""
    at = at or timezone.now()
    cutoff = at - lease
    stalled = Q(status=DeliveryStatus.SENDING, claimed_at__lte=cutoff) | Q(
        Q(next_attempt_at__lte=cutoff) | Q(next_attempt_at__isnull=True, created_at__lte=cutoff),
        status=DeliveryStatus.QUEUED,
    )
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(stalled)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.QUEUED, claimed_at=None, next_attempt_at=at
        )
        for delivery_id in ids:
            enqueue(delivery_id)
    return len(ids)


def save_preference(user, data: dict) -> Preference:
    with transaction.atomic():
        preference, _created = Preference.objects.update_or_create(
            user=user,
            defaults={name: data[name] for name in ("by_email", "by_sms", "language")},
        )
    return preference
