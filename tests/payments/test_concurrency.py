"""The gateway may send the same notification twice at the same moment (a retry racing the
first): the payment row's lock lets exactly one confirm it, the other answers 02."""

import threading

import pytest
from django.db import connections
from django.test import Client

from motcua.payments import services
from motcua.payments.models import Payment, PaymentStatus

from .test_notifications import result

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_notifications_confirm_once(dossier, applicant):
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=applicant,
        return_url="http://testserver/r/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    params = result(payment)
    start = threading.Barrier(2)
    answers = []

    def notify():
        try:
            start.wait()
            answers.append(Client().get("/thanh-toan/ipn/vnpay/", params).json()["RspCode"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=notify) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["00", "02"]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.events.filter(kind="ipn", accepted=True).count() == 1
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
