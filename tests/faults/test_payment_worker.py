"""A worker killed with SIGKILL in the middle of a payment task: real `manage.py db_worker`
processes, the sandbox gateway over real HTTP (the live server), and a relay that lets the
far side act and then never gives the worker its answer. The scheduler's
`manage.py reconcile_payments` and the next worker finish the work; it happens once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.dossiers.models import StatusHistory
from motcua.payments.models import EventKind, Payment, PaymentStatus, SandboxTransaction
from motcua.payments.tasks import reconcile_pending_payments
from tests.payments.test_sandbox import open_gateway, started

from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)
PAID_STEP = "Thanh toán trực tuyến phí, lệ phí"


@pytest.fixture(autouse=True)
def sandbox(settings):
    settings.MOTCUA_SANDBOX_GATEWAY = True
    settings.MOTCUA_PAYMENT_PROVIDER = "sandbox"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def paid_at_the_gateway(client, dossier, base_url) -> tuple[Payment, SandboxTransaction]:
    """The payer paid at the sandbox gateway; its IPN task is queued (not run yet)."""
    payment, url = started(dossier, base_url)
    open_gateway(client, url)
    client.post(url.split("?")[0], {"txn_ref": payment.reference, "pay": "1"})
    return payment, SandboxTransaction.objects.get(txn_ref=payment.reference)


def task_rows(name: str):
    return DBTaskResult.objects.filter(task_path=f"motcua.payments.tasks.{name}")


def paid_steps(dossier) -> int:
    return StatusHistory.objects.filter(dossier=dossier, step=PAID_STEP).count()


def test_a_worker_killed_after_the_ipn_was_taken_pays_once_and_the_resend_answers_02(
    client, dossier, live_server, relay, workers
):
    payment, row = paid_at_the_gateway(client, dossier, live_server.url)
    SandboxTransaction.objects.filter(pk=row.pk).update(
        ipn_url=f"{relay.url}/thanh-toan/ipn/sandbox/"
    )
    first = workers.start()
    wait_until(relay.forwarded.is_set, "the IPN reaching MotCua", workers.logs)
    workers.kill(first)  # MotCua confirmed the payment; the worker never saw the answer

    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert SandboxTransaction.objects.get(pk=row.pk).ipn_answer == ""
    assert task_rows("send_sandbox_ipn").get().status == "RUNNING"  # left so by the dead worker

    SandboxTransaction.objects.filter(pk=row.pk).update(
        decided_at=timezone.now() - timedelta(seconds=5)
    )
    output = workers.manage("reconcile_payments", "--lease-seconds", "1")
    assert "sandbox_ipn_resent: 1" in output
    workers.start()
    answered = wait_until(
        lambda: SandboxTransaction.objects.filter(pk=row.pk).exclude(ipn_answer="").first(),
        "the second IPN being answered",
        workers.logs,
    )

    assert '"RspCode": "02"' in answered.ipn_answer  # already confirmed: nothing changed
    payment.refresh_from_db()
    assert (payment.status, payment.verified_by) == (PaymentStatus.PAID, "ipn")
    notifications = payment.events.filter(kind=EventKind.NOTIFY)
    assert list(notifications.values_list("accepted", flat=True)) == [True, False]
    assert paid_steps(dossier) == 1
    again = workers.manage("reconcile_payments", "--lease-seconds", "1")
    assert "sandbox_ipn_resent" not in again


def test_a_worker_killed_mid_reconciliation_is_finished_by_the_next_once(
    client, dossier, live_server, relay, workers
):
    payment, _row = paid_at_the_gateway(client, dossier, live_server.url)
    task_rows("send_sandbox_ipn").delete()  # the IPN is lost: only a status query can tell
    data = {
        **payment.provider_data,
        "api_url": f"{relay.url}/sandbox-gateway/merchant_webapi/api/transaction",
    }
    Payment.objects.filter(pk=payment.pk).update(
        provider_data=data, created_at=timezone.now() - timedelta(minutes=16)
    )
    reconcile_pending_payments.enqueue()  # the scheduler's sweep
    first = workers.start()
    wait_until(relay.forwarded.is_set, "the status query reaching the gateway", workers.logs)
    workers.kill(first)  # the gateway answered "paid"; the worker died before settling

    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    assert task_rows("reconcile_pending_payments").get().status == "RUNNING"

    reconcile_pending_payments.enqueue()  # the next run of the sweep
    workers.start()
    wait_until(
        lambda: Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PAID).exists(),
        "the payment being confirmed",
        workers.logs,
    )
    wait_until(
        lambda: task_rows("reconcile_pending_payments").filter(status="SUCCESSFUL").exists(),
        "the sweep finishing",
        workers.logs,
    )

    payment.refresh_from_db()
    assert payment.verified_by == "query"
    assert payment.events.filter(kind=EventKind.QUERY, accepted=True).count() == 1
    assert paid_steps(dossier) == 1
    reconcile_pending_payments.enqueue()  # yet another run: nothing left to ask about
    wait_until(
        lambda: task_rows("reconcile_pending_payments").filter(status="SUCCESSFUL").count() == 2,
        "the third sweep finishing",
        workers.logs,
    )
    assert payment.events.filter(kind=EventKind.QUERY).count() == 1
    assert paid_steps(dossier) == 1
