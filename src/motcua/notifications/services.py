"""Queue messages. A message is a Delivery row created in the caller's transaction, and a task
that sends it, which runs only if that transaction commits (so a rolled back change sends
nothing)."""

from functools import partial

from django.db import transaction
from django_tasks_db import DatabaseBackend

from .models import Delivery
from .tasks import send_delivery


def queue_email(key: str, to: str, subject: str, body: str) -> Delivery:
    """Record the email under `key` (unique: queueing the same key twice sends once).

    One INSERT … ON CONFLICT, which returns the row's id whether it is new (the usual case)
    or was queued before; no savepoint, which a submission would otherwise pay for."""
    delivery = Delivery(key=key, to=to, subject=subject[:255], body=body)
    Delivery.objects.bulk_create(
        [delivery], update_conflicts=True, unique_fields=["key"], update_fields=["key"]
    )
    _send_when_committed(delivery.pk)
    return delivery


def _send_when_committed(delivery_id: int) -> None:
    """A task row in the database is written in the caller's transaction: workers see it only
    when it commits, and it saves a second commit. Other task backends are called after the
    commit."""
    if isinstance(send_delivery.get_backend(), DatabaseBackend):
        send_delivery.enqueue(delivery_id)
    else:
        transaction.on_commit(partial(send_delivery.enqueue, delivery_id))
