"""A level-4 dossier whose applicant chose the electronic result reaches status 10 by itself,
once its result is signed and nothing is owed: at the leader's approval when the fee is
already paid, else when the verified payment arrives (never twice). A level-3 dossier, or a
result chosen at the desk or by post, waits for the desk."""

import pytest

from motcua.documents.services import attach_result
from motcua.dossiers.models import ResultDelivery, Status
from motcua.notifications.models import Delivery
from motcua.payments import services
from motcua.processing import services as processing
from tests.documents.conftest import authority, result_pdf, signing_dir  # noqa: F401
from tests.documents.factories import upload

from .conftest import received_dossier
from .test_notifications import ipn, result

pytestmark = pytest.mark.django_db

DELIVERED = "Đã trả kết quả điện tử"


@pytest.fixture
def approve(signing_dir, result_pdf, unit, specialist, leader):  # noqa: F811
    """Attach the result, appraise, and let the leader approve (which signs it)."""
    signing_dir.key_for(unit)

    def run(dossier):
        attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
        processing.complete_step(dossier.pk, actor=specialist)
        return processing.complete_step(dossier.pk, actor=leader)

    return run


def pay_online(client, dossier):
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=dossier.applicant,
        return_url="http://testserver/thanh-toan/ve/vnpay/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    return payment, ipn(client, result(payment))


def returned_rows(dossier):
    return dossier.history.filter(to_status=Status.RETURNED)


def test_paid_before_approval_the_approval_delivers_the_result(client, dossier, approve):
    assert dossier.result_delivery == ResultDelivery.ELECTRONIC  # level 4, online, not chosen
    pay_online(client, dossier)

    approved = approve(dossier)

    assert approved.status == Status.RETURNED  # the caller sees where the dossier ended
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_at is not None
    row = returned_rows(dossier).get()
    assert (row.from_status, row.note, row.actor) == (Status.DONE, DELIVERED, None)
    assert row.applicant_note == DELIVERED
    assert dossier.history.filter(to_status=Status.DONE).count() == 1  # finished, then returned
    returned = Delivery.objects.get(dossier_id=dossier.pk, event="returned")
    assert DELIVERED in returned.body
    # No "come and collect at the desk" for a result delivered online; its link comes by
    # e-mail at signing.
    assert not Delivery.objects.filter(dossier_id=dossier.pk, event="result_ready").exists()
    assert Delivery.objects.filter(key=f"dossier-result-{dossier.result.pk}").exists()


def test_unpaid_at_approval_it_waits_then_the_ipn_delivers_it_once(client, dossier, approve):
    assert approve(dossier).status == Status.DONE
    assert not returned_rows(dossier).exists()

    payment, answer = pay_online(client, dossier)
    assert answer["RspCode"] == "00"
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert returned_rows(dossier).get().note == DELIVERED

    assert ipn(client, result(payment))["RspCode"] == "02"  # the gateway repeats itself
    assert returned_rows(dossier).count() == 1
    assert Delivery.objects.filter(dossier_id=dossier.pk, event="returned").count() == 1


def test_the_browser_coming_back_delivers_nothing(client, dossier, approve):
    approve(dossier)
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=dossier.applicant,
        return_url="http://testserver/thanh-toan/ve/vnpay/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    client.force_login(dossier.applicant)
    client.get("/thanh-toan/ve/vnpay/", result(payment))
    dossier.refresh_from_db()
    assert dossier.status == Status.DONE


def test_a_fee_exempted_at_the_desk_after_approval_delivers_it(dossier, approve, desk):
    approve(dossier)
    services.exempt_fee(dossier.fees.get().pk, actor=desk, reason="Đối tượng được miễn")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED


def test_a_failed_payment_delivers_nothing(client, dossier, approve):
    approve(dossier)
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=dossier.applicant,
        return_url="http://testserver/thanh-toan/ve/vnpay/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    assert ipn(client, result(payment, code="24"))["RspCode"] == "00"
    dossier.refresh_from_db()
    assert dossier.status == Status.DONE


def test_a_level_3_dossier_keeps_its_visit_to_the_desk(unit, desk, specialist, leader):
    dossier = received_dossier(unit, desk, level=3, fee_vnd=0, fee_text="")
    assert dossier.result_delivery == ResultDelivery.DESK
    processing.complete_step(dossier.pk, actor=specialist)
    assert processing.complete_step(dossier.pk, actor=leader).status == Status.DONE
    assert not returned_rows(dossier).exists()


@pytest.mark.parametrize("choice", [ResultDelivery.DESK, ResultDelivery.POST])
def test_a_paper_result_is_not_returned_by_itself(client, dossier, approve, choice):
    type(dossier).objects.filter(pk=dossier.pk).update(result_delivery=choice)
    pay_online(client, dossier)
    assert approve(dossier).status == Status.DONE
