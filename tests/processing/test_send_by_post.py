"""A result the applicant chose to receive by post: at status 9 the desk of the dossier's unit
records the posting with its tracking number (mã vận đơn) → 10, a history row the applicant
sees; a bad or missing number, another unit's officer, a dossier that did not choose the post
or a fee still owed are refused and change nothing."""

import pytest

from motcua.dossiers.models import Dossier, ResultDelivery, Status
from motcua.payments import services as payments
from motcua.processing import services
from motcua.processing.models import StepRecord
from tests.factories import UnitFactory
from tests.payments.conftest import received_dossier

from .factories import new_dossier, officer

pytestmark = pytest.mark.django_db

POSTAL = {
    "result_delivery": ResultDelivery.POST,
    "post_recipient": "Trần Thị Bình",
    "post_phone": "0905123456",
    "post_address": "12 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa",
}


def finished(dossier, desk, specialist, leader):
    services.receive(dossier.pk, actor=desk)
    services.complete_step(dossier.pk, actor=specialist)
    services.complete_step(dossier.pk, actor=leader)
    return Dossier.objects.get(pk=dossier.pk)


@pytest.fixture
def by_post(unit, desk, specialist, leader):
    return finished(new_dossier(unit, **POSTAL), desk, specialist, leader)


def test_the_desk_records_the_posting_with_its_tracking_number(by_post, desk):
    assert by_post.status == Status.DONE

    returned = services.send_by_post(by_post.pk, actor=desk, tracking_number=" eb123456789vn ")

    assert returned.status == Status.RETURNED and returned.returned_at is not None
    assert returned.post_tracking_number == "EB123456789VN"
    row = returned.history.get(to_status=Status.RETURNED)
    assert row.applicant_note == "Đã gửi kết quả qua bưu chính, mã vận đơn EB123456789VN"
    assert (row.actor, row.step) == (desk, "Gửi kết quả qua bưu chính")
    assert not StepRecord.objects.filter(dossier=by_post, completed_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Nhập mã vận đơn của bưu phẩm."),
        ("   ", "Nhập mã vận đơn của bưu phẩm."),
        ("EB123", "Mã vận đơn gồm 6 đến 30 chữ cái hoặc chữ số, không dấu."),
        ("EB-1234-5678", "Mã vận đơn gồm 6 đến 30 chữ cái hoặc chữ số, không dấu."),
        ("MÃ1234567", "Mã vận đơn gồm 6 đến 30 chữ cái hoặc chữ số, không dấu."),
        ("A" * 31, "Mã vận đơn gồm 6 đến 30 chữ cái hoặc chữ số, không dấu."),
    ],
)
def test_a_missing_or_malformed_tracking_number_is_refused(by_post, desk, number, message):
    with pytest.raises(services.InvalidInput) as refused:
        services.send_by_post(by_post.pk, actor=desk, tracking_number=number)
    assert refused.value.message == message
    assert Dossier.objects.get(pk=by_post.pk).status == Status.DONE


def test_only_the_desk_of_the_dossiers_unit_may_post_it(by_post, specialist, leader):
    other_desk = officer(UnitFactory(name="UBND phường Nha Trang"), "desk_officer")
    for actor in (other_desk, specialist, leader):
        with pytest.raises(services.NotPermitted):
            services.send_by_post(by_post.pk, actor=actor, tracking_number="EB123456789VN")
    assert Dossier.objects.get(pk=by_post.pk).status == Status.DONE


def test_a_result_not_chosen_by_post_is_not_posted(unit, desk, specialist, leader):
    at_desk = finished(
        new_dossier(unit, result_delivery=ResultDelivery.DESK), desk, specialist, leader
    )
    with pytest.raises(services.IllegalTransition):
        services.send_by_post(at_desk.pk, actor=desk, tracking_number="EB123456789VN")


def test_only_a_finished_dossier_is_posted(unit, desk):
    dossier = new_dossier(unit, **POSTAL)
    services.receive(dossier.pk, actor=desk)
    with pytest.raises(services.IllegalTransition):
        services.send_by_post(dossier.pk, actor=desk, tracking_number="EB123456789VN")


def test_a_fee_owed_blocks_the_posting_until_it_is_paid():
    unit = UnitFactory(name="Sở Công Thương")
    desk, specialist, leader = (
        officer(unit, role) for role in ("desk_officer", "specialist", "leader")
    )
    dossier = received_dossier(unit, desk, level=3)
    Dossier.objects.filter(pk=dossier.pk).update(**POSTAL)
    services.complete_step(dossier.pk, actor=specialist)
    services.complete_step(dossier.pk, actor=leader)

    with pytest.raises(services.IllegalTransition) as refused:
        services.send_by_post(dossier.pk, actor=desk, tracking_number="EB123456789VN")
    assert "chưa nộp" in refused.value.message
    assert Dossier.objects.get(pk=dossier.pk).status == Status.DONE

    payments.record_desk_payment(
        dossier.fees.get().pk, actor=desk, method="transfer", receipt_number="0001234"
    )
    assert services.send_by_post(
        dossier.pk, actor=desk, tracking_number="EB123456789VN"
    ).status == (Status.RETURNED)
