"""Background sending. `send_delivery` is idempotent: it claims the row (queued → sending, in
a short transaction of its own), sends outside any transaction (a slow mail server holds no
lock), then records the outcome. A sent or failed message is never sent again; a message
another worker is sending is left to it; one not yet due waits for its own task. A worker
killed mid-send leaves the row "sending": `services.requeue_stalled` queues it again once
its lease has passed, and the next worker sends it.

A failure is retried after the delays of settings.MOTCUA_NOTIFICATION_RETRY_MINUTES (1, 5,
30 minutes, 3 hours); after the last one the message is failed, with the error, until
someone resends it."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.core.tasks import enqueue_in_transaction
from motcua.dossiers.models import Dossier

from .models import Delivery, DeliveryChannel, DeliveryStatus
from .rendering import as_html
from .sms.registry import provider


@task
def send_delivery(delivery_id: int) -> str:
    delivery = _claim(delivery_id)
    if delivery is None:
        return "skipped"
    try:
        _transmit(delivery)
    except Exception as exc:  # any transport error is recorded, never lost
        return _record_failure(delivery, f"{type(exc).__name__}: {exc}"[:2000])
    Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error="", claimed_at=None
    )
    return DeliveryStatus.SENT


def lease() -> timedelta:
    return timedelta(seconds=settings.MOTCUA_NOTIFICATION_LEASE_SECONDS)


def _claim(delivery_id: int) -> Delivery | None:
    """The delivery, marked "sending" by this worker, or None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return None
        claimed_at = delivery.claimed_at
        if delivery.status == DeliveryStatus.SENDING and claimed_at and claimed_at > now - lease():
            return None
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.claimed_at = now
        delivery.save(update_fields=["status", "attempts", "claimed_at"])
    return delivery


def _transmit(delivery: Delivery) -> None:
    if delivery.channel == DeliveryChannel.SMS:
        provider().send(delivery.to, delivery.body, reference=delivery.key)
        return
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to],
        headers={"Message-ID": message_id(delivery.key)},
    )
    message.attach_alternative(html_body(delivery), "text/html")
    message.send()


def html_body(delivery: Delivery) -> str:
    """The HTML alternative of the plain text: the same text (rendering.as_html), under the
    site's name, with the message's dossier code in bold."""
    code = Dossier.objects.filter(pk=delivery.dossier_id).values_list("code", flat=True).first()
    return render_to_string(
        "notifications/email.html",
        {
            "language": delivery.language,
            "subject": delivery.subject,
            "site_name": settings.MOTCUA_SITE_NAME,
            "content": as_html(delivery.body, bold=code or ""),
        },
    )


def message_id(key: str) -> str:
    """The same Message-ID for every attempt of a message: if a worker died after the mail
    server accepted it (and before the row said so), the copy sent again carries the same
    id, which mail systems use to show it once."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{settings.MOTCUA_SITE_DOMAIN}>"


def _record_failure(delivery: Delivery, error: str) -> str:
    delays = settings.MOTCUA_NOTIFICATION_RETRY_MINUTES
    now = timezone.now()
    mine = Q(pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=delivery.claimed_at)
    with transaction.atomic():
        if delivery.attempts > len(delays):
            Delivery.objects.filter(mine).update(
                status=DeliveryStatus.FAILED, error=error, claimed_at=None
            )
            return DeliveryStatus.FAILED
        retry_at = now + timedelta(minutes=delays[delivery.attempts - 1])
        if Delivery.objects.filter(mine).update(
            status=DeliveryStatus.QUEUED, error=error, claimed_at=None, next_attempt_at=retry_at
        ):
            enqueue(delivery.pk, run_after=retry_at)
    return DeliveryStatus.QUEUED


def enqueue(delivery_id: int, run_after: datetime | None = None) -> None:
    """A task row in the database is written in the caller's transaction: workers see it only
    when it commits, and it saves a second commit. Other task backends are called after the
    commit; one that cannot defer a task leaves a later retry to `requeue_stalled`."""
    if run_after is not None and not send_delivery.get_backend().supports_defer:
        return
    enqueue_in_transaction(
        send_delivery.using(run_after=run_after) if run_after else send_delivery, delivery_id
    )
