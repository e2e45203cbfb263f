"""Background work of payments, run by the db_worker. Idempotent: a payment no longer
pending is skipped, a sandbox notification already answered is not sent again."""

from django.tasks import task

from . import sandbox, services


@task
def reconcile_payment(payment_id: int) -> str:
    return services.reconcile(payment_id)


@task
def reconcile_pending_payments() -> dict[str, int]:
    return services.reconcile_pending()


@task
def send_sandbox_ipn(transaction_id: int) -> str:
    return sandbox.send_ipn(transaction_id)
