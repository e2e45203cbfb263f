"""`manage.py reconcile_payments`: ask the gateway now about every payment pending for more
than MOTCUA_PAYMENT_RECONCILE_MINUTES (each payment is also asked about by a task queued when
it starts; this sweep, run from cron, catches any whose task was lost)."""

from django.core.management.base import BaseCommand

from motcua.payments.services import reconcile_pending


class Command(BaseCommand):
    help = "Đối soát các giao dịch thanh toán còn chờ quá 15 phút với cổng thanh toán."

    def handle(self, *args, **options):
        results = reconcile_pending()
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(results.items()))
        self.stdout.write(summary or "0")
