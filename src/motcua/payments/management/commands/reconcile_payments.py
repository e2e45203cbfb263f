"""`manage.py reconcile_payments`: ask the gateway now about every payment pending for more
than MOTCUA_PAYMENT_RECONCILE_MINUTES, and with the sandbox gateway on queue again the IPNs
the merchant has not answered after the lease (`payments.tasks.sweep`). Each payment is also
asked about by a task queued when it starts; this sweep, which the scheduler runs every 5
minutes, catches any whose task was lost or whose worker was killed."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.payments.tasks import sweep


class Command(BaseCommand):
    help = "Đối soát các giao dịch thanh toán còn chờ quá 15 phút với cổng thanh toán."

    def add_arguments(self, parser):
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=60,
            help="Sandbox gateway: how long an unanswered IPN waits before it is sent again.",
        )

    def handle(self, *args, lease_seconds=60, **options):
        results = sweep(timedelta(seconds=lease_seconds))
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(results.items()))
        self.stdout.write(summary or "0")
