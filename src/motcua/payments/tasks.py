"""Background work of payments, run by the db_worker. Idempotent: a payment no longer
pending is skipped, a sandbox notification already answered is not sent again."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task

from . import sandbox, services

SANDBOX_IPN_LEASE = timedelta(seconds=60)


@task
def reconcile_payment(payment_id: int) -> str:
    return services.reconcile(payment_id)


def sweep(lease: timedelta = SANDBOX_IPN_LEASE) -> dict[str, int]:
    """Ask the gateway about every payment pending too long; with the sandbox gateway on,
    also queue again its notifications (IPN) unanswered after `lease` (a killed worker)."""
    results = services.reconcile_pending()
    if settings.MOTCUA_SANDBOX_GATEWAY and (resent := sandbox.resend_unanswered(lease)):
        results["sandbox_ipn_resent"] = resent
    return results


@task
def reconcile_pending_payments() -> dict[str, int]:
    return sweep()


@task
def send_sandbox_ipn(transaction_id: int) -> str:
    return sandbox.send_ipn(transaction_id)
