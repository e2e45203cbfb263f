"""The gateway may send the same notification twice at the same moment (a retry racing the
first): the payment row's lock lets exactly one confirm it, the other answers 02."""

import threading

import pytest
from django.db import connections
from django.test import Client

from motcua.dossiers.models import Status
from motcua.payments import services
from motcua.payments.models import Payment, PaymentStatus
from tests.documents.conftest import authority, result_pdf, signing_dir  # noqa: F401

from .test_delivery import approve  # noqa: F401
from .test_notifications import result

pytestmark = pytest.mark.django_db(transaction=True)


def start(dossier, applicant) -> Payment:
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=applicant,
        return_url="http://testserver/r/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    return payment


def notify_twice_at_once(payment: Payment) -> list[str]:
    params = result(payment)
    barrier = threading.Barrier(2)
    answers = []

    def notify():
        try:
            barrier.wait()
            answers.append(Client().get("/thanh-toan/ipn/vnpay/", params).json()["RspCode"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=notify) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(answers)


def test_two_simultaneous_notifications_confirm_once(dossier, applicant):
    payment = start(dossier, applicant)
    assert notify_twice_at_once(payment) == ["00", "02"]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.events.filter(kind="ipn", accepted=True).count() == 1
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1


def test_two_simultaneous_notifications_return_a_finished_dossier_once(
    dossier,
    applicant,
    approve,  # noqa: F811
):
    approve(dossier)
    assert notify_twice_at_once(start(dossier, applicant)) == ["00", "02"]
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.history.filter(to_status=Status.RETURNED).count() == 1
