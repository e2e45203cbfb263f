"""Background sending. `send_delivery` is idempotent: a sent Delivery is never sent again,
and the row (locked while sending) records attempts, outcome and the last error."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import Delivery, DeliveryStatus


@task
def send_delivery(delivery_id: int) -> str:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status == DeliveryStatus.SENT:
            return delivery.status
        delivery.attempts += 1
        try:
            send_mail(
                delivery.subject,
                delivery.body,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.to],
            )
        except Exception as exc:  # any transport error is recorded, never lost
            delivery.status = DeliveryStatus.FAILED
            delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.error = ""
            delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "error", "sent_at"])
        return delivery.status
