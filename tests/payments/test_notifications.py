"""The server notification (IPN) is the only thing, with the status query, that makes a
payment paid: tampered, replayed, wrong-amount and unknown-order messages get their exact
answers, change nothing and are recorded for staff; the browser's "00" proves nothing."""

import pytest

from motcua.dossiers.models import Status
from motcua.payments import services
from motcua.payments.models import FeeStatus, Payment, PaymentEvent, PaymentStatus
from motcua.processing import services as processing

from .conftest import TMN, hand_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(dossier, applicant):
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=applicant,
        return_url="http://testserver/thanh-toan/ve/vnpay/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    return payment


def result(payment, *, amount=None, code="00", **extra):
    params = {
        "vnp_Amount": str(payment.amount_vnd * 100 if amount is None else amount),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Thanh toan phi",
        "vnp_PayDate": "20261203101500",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": TMN,
        "vnp_TransactionNo": "14123456",
        "vnp_TransactionStatus": code,
        "vnp_TxnRef": payment.reference,
        **extra,
    }
    return hand_signed(params)


def ipn(client, params):
    response = client.get("/thanh-toan/ipn/vnpay/", params)
    assert response.status_code == 200
    return response.json()


def test_a_verified_success_pays_the_payment_and_its_fee(client, payment, dossier):
    assert ipn(client, result(payment)) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.verified_by == "ipn"
    assert payment.provider_transaction == "14123456"
    assert payment.fee.status == FeeStatus.PAID
    assert dossier.history.filter(step="Thanh toán trực tuyến phí, lệ phí").exists()


def test_a_replayed_notification_changes_nothing_and_answers_02(client, payment):
    params = result(payment)
    ipn(client, params)
    paid_at = Payment.objects.get().paid_at
    assert ipn(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
    failure = result(payment, code="24")  # even a later "failed" notice for it
    assert ipn(client, failure)["RspCode"] == "02"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.paid_at == paid_at
    assert list(payment.events.filter(kind="ipn").values_list("accepted", flat=True)) == [
        True,
        False,
        False,
    ]


def test_a_tampered_notification_is_refused_with_97_and_recorded(client, payment):
    params = result(payment)
    params["vnp_Amount"] = "100"  # changed after signing
    assert ipn(client, params) == {"RspCode": "97", "Message": "Invalid Checksum"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    event = PaymentEvent.objects.get(kind="ipn")
    assert not event.accepted and event.message == "bad_signature"


def test_a_signed_notification_with_the_wrong_amount_is_refused_with_04(client, payment):
    assert ipn(client, result(payment, amount=100)) == {
        "RspCode": "04",
        "Message": "Invalid amount",
    }
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert payment.fee.status == FeeStatus.DUE
    event = payment.events.get(kind="ipn")
    assert not event.accepted and event.message == "wrong_amount"


def test_a_notification_for_an_unknown_order_answers_01(client, payment):
    params = result(payment)
    params.pop("vnp_SecureHash")
    params["vnp_TxnRef"] = "NOSUCHORDER"
    assert ipn(client, hand_signed(params)) == {"RspCode": "01", "Message": "Order not found"}
    event = PaymentEvent.objects.get(kind="ipn")
    assert event.payment is None and not event.accepted


def test_a_failed_payment_is_confirmed_and_the_fee_stays_owed(client, payment):
    assert ipn(client, result(payment, code="24"))["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.fee.status == FeeStatus.DUE


def test_the_browser_coming_back_with_00_proves_nothing(client, applicant, payment):
    client.force_login(applicant)
    response = client.get("/thanh-toan/ve/vnpay/", result(payment))
    assert response.status_code == 302 and response["Location"].endswith(
        f"/thanh-toan/{payment.reference}/"
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    page = client.get(response["Location"])
    assert "Đang chờ cổng thanh toán xác nhận" in page.content.decode()


def test_a_dossier_waiting_for_its_fee_moves_on_only_after_the_verified_payment(
    client, payment, dossier, desk
):
    processing.request_financial_obligation(dossier.pk, actor=desk, note="Nộp lệ phí 50.000 đ")
    client.get("/thanh-toan/ve/vnpay/", result(payment))
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL
    ipn(client, result(payment))
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_a_second_paid_payment_of_a_settled_fee_is_marked_for_refund(
    client, payment, dossier, applicant
):
    second, _url = services.start_payment(
        dossier.pk,
        payment.fee_id,
        user=applicant,
        return_url="http://testserver/r/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    ipn(client, result(second))
    assert ipn(client, result(payment))["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.DUPLICATE
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
