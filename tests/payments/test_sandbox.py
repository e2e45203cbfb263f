"""The sandbox gateway over real HTTP (pytest-django's live server): its IPN task pays the
payment; the reconciliation task asks the gateway about payments pending for more than 15
minutes and settles them from the signed answer."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from motcua.payments import services
from motcua.payments.models import Payment, PaymentStatus, SandboxTransaction
from motcua.payments.tasks import reconcile_pending_payments, send_sandbox_ipn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sandbox(settings):
    settings.MOTCUA_SANDBOX_GATEWAY = True
    settings.MOTCUA_PAYMENT_PROVIDER = "sandbox"


def started(dossier, base_url):
    payment, url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=dossier.applicant,
        return_url=f"{base_url}/thanh-toan/ve/sandbox/",
        client_ip="127.0.0.1",
        base_url=base_url,
    )
    return payment, url


def open_gateway(client, url):
    """The payer's browser at the gateway page (served by the live server's host)."""
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}", HTTP_HOST=parts.netloc)


def age(payment, minutes):
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_the_sandbox_is_refused_unless_enabled(client, dossier):
    assert client.get("/sandbox-gateway/paymentv2/vpcpay.html").status_code == 404
    assert client.post("/sandbox-gateway/merchant_webapi/api/transaction").status_code == 404
    assert client.get("/thanh-toan/ipn/sandbox/").status_code == 404


def test_the_ipn_task_pays_over_http_once(sandbox, live_server, client, dossier):
    payment, url = started(dossier, live_server.url)
    page = open_gateway(client, url)
    assert page.status_code == 200 and "50.000 đ" in page.content.decode()
    back = client.post(url.split("?")[0], {"txn_ref": payment.reference, "pay": "1"})
    assert back["Location"].startswith(f"{live_server.url}/thanh-toan/ve/sandbox/?")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING  # the IPN task has not run yet
    row = SandboxTransaction.objects.get()
    answer = send_sandbox_ipn.call(row.pk)
    assert '"RspCode": "00"' in answer
    payment.refresh_from_db()
    assert (payment.status, payment.verified_by) == (PaymentStatus.PAID, "ipn")
    send_sandbox_ipn.call(row.pk)
    row.refresh_from_db()
    assert row.ipn_attempts == 1


def test_a_forged_order_is_refused_by_the_sandbox(sandbox, live_server, client, dossier):
    _payment, url = started(dossier, live_server.url)
    response = open_gateway(client, url.replace("vnp_Amount=5000000", "vnp_Amount=100"))
    assert response.status_code == 400
    assert not SandboxTransaction.objects.exists()


def test_reconciliation_settles_payments_pending_for_more_than_15_minutes(
    sandbox, live_server, client, dossier, unit, desk
):
    from .conftest import received_dossier

    paid, url = started(dossier, live_server.url)
    open_gateway(client, url)
    client.post(url.split("?")[0], {"txn_ref": paid.reference, "pay": "1"})  # IPN lost
    left = received_dossier(unit, desk)
    abandoned, url = started(left, live_server.url)  # never opened at the gateway
    recent_dossier = received_dossier(unit, desk)
    recent, _url = started(recent_dossier, live_server.url)
    age(paid, 16)
    age(abandoned, 20)
    age(recent, 5)

    assert reconcile_pending_payments.call() == {"confirmed": 2}
    statuses = dict(Payment.objects.values_list("pk", "status"))
    assert statuses == {
        paid.pk: PaymentStatus.PAID,
        abandoned.pk: PaymentStatus.FAILED,
        recent.pk: PaymentStatus.PENDING,
    }
    assert Payment.objects.get(pk=paid.pk).verified_by == "query"
    assert reconcile_pending_payments.call() == {}  # nothing left to ask about


def test_a_payer_still_at_the_gateway_stays_pending(sandbox, live_server, client, dossier):
    payment, url = started(dossier, live_server.url)
    open_gateway(client, url)  # the order reached the gateway, no decision yet
    age(payment, 16)
    assert reconcile_pending_payments.call() == {"pending": 1}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert payment.events.filter(kind="query").count() == 1


def test_an_unreachable_gateway_is_recorded_and_asked_again_later(settings, dossier):
    payment, _url = started(dossier, "http://testserver")  # vnpay: API on a closed port
    age(payment, 30)
    assert reconcile_pending_payments.call() == {"unavailable": 1}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not payment.events.get(kind="query").accepted


def test_starting_a_payment_queues_its_own_check_after_the_gateway_expiry(dossier):
    from django_tasks_db.models import DBTaskResult

    before = timezone.now()
    payment, _url = started(dossier, "http://testserver")
    task = DBTaskResult.objects.get(task_path="motcua.payments.tasks.reconcile_payment")
    assert task.args_kwargs["args"] == [payment.pk]
    assert timedelta(minutes=15) < task.run_after - before < timedelta(minutes=16)
