"""Queue messages. A message is a Delivery row created in the caller's transaction and a
task enqueued only once that transaction commits (so a rolled back change sends nothing)."""

from functools import partial

from django.db import transaction

from .models import Delivery
from .tasks import send_delivery


def queue_email(key: str, to: str, subject: str, body: str) -> Delivery:
    """Record the email under `key` (unique: queueing the same key twice sends once)."""
    delivery, _created = Delivery.objects.get_or_create(
        key=key, defaults={"to": to, "subject": subject[:255], "body": body}
    )
    transaction.on_commit(partial(send_delivery.enqueue, delivery.pk))
    return delivery
