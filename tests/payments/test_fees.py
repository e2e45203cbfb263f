"""A dossier's fee comes from the frozen catalogue; officers correct it or exempt it with a
reason, record cash or a transfer with its receipt number; a dossier is not returned while
it owes a fee."""

import pytest

from motcua.dossiers.models import Status
from motcua.dossiers.services import IllegalTransition
from motcua.payments import services
from motcua.payments.models import FeeStatus, Payment, PaymentStatus
from motcua.processing import services as processing
from motcua.processing.services import InvalidInput, NotPermitted
from tests.factories import UnitFactory
from tests.processing.factories import officer

from .conftest import received_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_at_desk(unit, desk):
    """Level 3 (một phần): the result and the fee are handled at the desk (a level-4 result
    must be signed first: tests/documents)."""
    return received_dossier(unit, desk, level=3)


def finished(dossier, specialist, leader):
    processing.complete_step(dossier.pk, actor=specialist)
    processing.complete_step(dossier.pk, actor=leader)


def test_the_fee_is_made_at_reception_from_the_catalogue_and_the_level_is_kept(dossier):
    fee = dossier.fees.get()
    assert (fee.amount_vnd, fee.purpose, fee.status) == (50_000, "Lệ phí thẩm định", "due")
    assert dossier.online_level == 4


def test_the_level_in_force_at_submission_never_changes(unit, desk):
    dossier = received_dossier(unit, desk, level=3)
    dossier.procedure.offerings.update(online_level=4)
    processing.request_supplement(dossier.pk, actor=desk, missing=["Tờ khai"])
    dossier.refresh_from_db()
    assert dossier.online_level == 3


@pytest.mark.parametrize(
    ("fee_vnd", "fee_text", "expected"),
    [(0, "Miễn phí", None), (None, "", None), (None, "10.000 đồng/bản sao", (None, "due"))],
)
def test_free_or_unknown_fees_owe_nothing_and_per_copy_fees_wait_for_the_officer(
    unit, desk, fee_vnd, fee_text, expected
):
    dossier = received_dossier(unit, desk, fee_vnd=fee_vnd, fee_text=fee_text)
    fees = [(fee.amount_vnd, fee.status) for fee in dossier.fees.all()]
    assert fees == ([expected] if expected else [])


def test_an_officer_corrects_the_amount_with_a_reason_and_it_is_in_the_history(dossier, desk):
    fee = dossier.fees.get()
    with pytest.raises(InvalidInput):
        services.correct_fee(fee.pk, actor=desk, amount_vnd=30_000, reason=" ")
    services.correct_fee(fee.pk, actor=desk, amount_vnd=30_000, reason="3 bản sao")
    fee.refresh_from_db()
    assert fee.amount_vnd == 30_000
    change = fee.changes.get()
    assert (change.old_amount_vnd, change.new_amount_vnd, change.reason) == (
        50_000,
        30_000,
        "3 bản sao",
    )
    entry = dossier.history.last()
    assert (entry.step, entry.note) == ("Điều chỉnh phí, lệ phí", "3 bản sao")


def test_an_officer_of_another_unit_cannot_touch_the_fee(dossier):
    outsider = officer(UnitFactory(name="Sở khác"), "desk_officer", "leader")
    fee = dossier.fees.get()
    with pytest.raises(NotPermitted):
        services.exempt_fee(fee.pk, actor=outsider, reason="Không")


def test_the_result_is_not_returned_while_a_fee_is_owed(dossier_at_desk, desk, specialist, leader):
    dossier = dossier_at_desk
    finished(dossier, specialist, leader)
    with pytest.raises(IllegalTransition, match="chưa nộp"):
        processing.return_result(dossier.pk, actor=desk, received_by_name="Nguyễn Văn An")
    dossier.refresh_from_db()
    assert dossier.status == Status.DONE and not hasattr(dossier, "desk_payment")


def test_a_desk_payment_with_its_receipt_number_lets_the_result_be_returned(
    dossier_at_desk, desk, specialist, leader
):
    dossier = dossier_at_desk
    finished(dossier, specialist, leader)
    fee = dossier.fees.get()
    with pytest.raises(InvalidInput):
        services.record_desk_payment(fee.pk, actor=desk, method="cash", receipt_number="")
    payment = services.record_desk_payment(
        fee.pk, actor=desk, method="cash", receipt_number="BL-0042"
    )
    assert (payment.status, payment.amount_vnd, payment.receipt_number) == (
        PaymentStatus.PAID,
        50_000,
        "BL-0042",
    )
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    with pytest.raises(IllegalTransition):
        services.record_desk_payment(fee.pk, actor=desk, method="cash", receipt_number="BL-2")
    returned = processing.return_result(dossier.pk, actor=desk, received_by_name="An")
    assert returned.status == Status.RETURNED
    assert Payment.objects.count() == 1


def test_an_exemption_with_a_reason_lets_the_result_be_returned(
    dossier_at_desk, desk, specialist, leader
):
    dossier = dossier_at_desk
    finished(dossier, specialist, leader)
    fee = dossier.fees.get()
    with pytest.raises(InvalidInput):
        services.exempt_fee(fee.pk, actor=leader, reason="")
    services.exempt_fee(fee.pk, actor=leader, reason="Hộ nghèo theo danh sách của xã")
    fee.refresh_from_db()
    assert (fee.status, fee.decided_by) == (FeeStatus.EXEMPT, leader)
    assert processing.return_result(dossier.pk, actor=desk, received_by_name="An").status == 10


def test_paying_at_the_desk_ends_the_wait_for_the_financial_obligation(dossier, desk):
    processing.request_financial_obligation(dossier.pk, actor=desk, note="Nộp lệ phí")
    services.record_desk_payment(
        dossier.fees.get().pk, actor=desk, method="transfer", receipt_number="CK-77"
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_a_level_3_dossier_is_not_paid_online(unit, desk):
    dossier = received_dossier(unit, desk, level=3)
    with pytest.raises(services.PaymentError):
        services.start_payment(
            dossier.pk,
            dossier.fees.get().pk,
            user=dossier.applicant,
            return_url="http://testserver/r/",
            client_ip="127.0.0.1",
            base_url="http://testserver",
        )


def test_an_officer_adds_a_fee_the_catalogue_lacks_and_it_must_be_settled(
    unit, desk, specialist, leader
):
    dossier = received_dossier(unit, desk, level=3, fee_vnd=None, fee_text="")
    assert not dossier.fees.exists()
    with pytest.raises(InvalidInput):
        services.add_fee(dossier.pk, actor=specialist, purpose="Sao y", amount_vnd=0, reason="x")
    fee = services.add_fee(
        dossier.pk,
        actor=specialist,
        purpose="Phí sao y bản chính",
        amount_vnd=6_000,
        reason="3 trang × 2.000 đồng",
    )
    assert fee.changes.get().reason == "3 trang × 2.000 đồng"
    finished(dossier, specialist, leader)
    with pytest.raises(IllegalTransition):
        processing.return_result(dossier.pk, actor=desk, received_by_name="An")


def test_a_staff_member_adds_a_fee_from_the_dossier_page(client, unit, desk):
    dossier = received_dossier(unit, desk, fee_vnd=None, fee_text="")
    client.force_login(desk)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert "Thêm khoản phí" in page
    client.post(
        f"/can-bo/ho-so/{dossier.pk}/phi/them/",
        {"purpose": "Phí sao y", "amount_vnd": "6.000", "reason": "3 trang"},
    )
    assert [(f.purpose, f.amount_vnd) for f in dossier.fees.all()] == [("Phí sao y", 6_000)]


def test_the_return_form_with_the_owed_amount_and_a_receipt_number_is_the_desk_payment(
    dossier_at_desk, desk, specialist, leader
):
    dossier = dossier_at_desk
    finished(dossier, specialist, leader)
    with pytest.raises(IllegalTransition):  # not what is owed: nothing is collected
        processing.return_result(
            dossier.pk, actor=desk, received_by_name="An", fee_vnd=40_000, receipt_number="BL-9"
        )
    returned = processing.return_result(
        dossier.pk, actor=desk, received_by_name="An", fee_vnd=50_000, receipt_number="BL-9"
    )
    assert returned.status == Status.RETURNED
    payment = Payment.objects.get()
    assert (payment.method, payment.receipt_number, payment.officer) == ("cash", "BL-9", desk)
    assert dossier.fees.get().status == FeeStatus.PAID
