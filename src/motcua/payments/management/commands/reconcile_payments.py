"""`manage.py reconcile_payments`: ask the gateway now about every payment pending for more
than MOTCUA_PAYMENT_RECONCILE_MINUTES (each payment is also asked about by a task queued when
it starts; this sweep, run from cron, catches any whose task was lost or whose worker was
killed). With the sandbox gateway on, also queue again its notifications (IPN) the merchant
has not answered after the lease (`sandbox.resend_unanswered`)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.payments import sandbox
from motcua.payments.services import reconcile_pending


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
        results = reconcile_pending()
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(results.items()))
        self.stdout.write(summary or "0")
        if settings.MOTCUA_SANDBOX_GATEWAY:
            count = sandbox.resend_unanswered(timedelta(seconds=lease_seconds))
            self.stdout.write(f"{count} sandbox IPN(s) queued again.")
