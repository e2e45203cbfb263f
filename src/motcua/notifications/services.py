"""Queue messages. A message is a Delivery row created in the caller's transaction and a
task enqueued only once that transaction commits (so a rolled back change sends nothing)."""

from functools import partial

from django.db import IntegrityError, transaction

from .models import Delivery
from .tasks import send_delivery


def queue_email(key: str, to: str, subject: str, body: str) -> Delivery:
    """Record the email under `key` (unique: queueing the same key twice sends once).

    Inserts straight away (a new key is the usual case: one INSERT in a savepoint); the
    unique constraint on `key` turns a second call into a read of the first row."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(key=key, to=to, subject=subject[:255], body=body)
    except IntegrityError:
        delivery = Delivery.objects.get(key=key)
    transaction.on_commit(partial(send_delivery.enqueue, delivery.pk))
    return delivery
