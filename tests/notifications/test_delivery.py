"""A message is a row: queued with its change, sent once after commit, retried with back-off,
failed after the last attempt, resent on request."""

import contextlib
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.notifications.models import Delivery, DeliveryChannel, DeliveryStatus, SmsRecord
from motcua.notifications.services import Recipient, queue_message, requeue_stalled, resend
from motcua.notifications.tasks import send_delivery

pytestmark = pytest.mark.django_db

TO = Recipient(DeliveryChannel.EMAIL, "an@example.vn", "vi")
VALUES = {"ma_ho_so": "000.00.01.H56-261203-0001", "ten_nguoi_nop": "Nguyễn Văn An"}


def queue(ref="1", recipient=TO, event="received"):
    return queue_message(event=event, ref=ref, recipient=recipient, values=VALUES)


def send_tasks() -> list:
    """Run every task row that is due, as a worker would (oldest first)."""
    results = []
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        row.claim("test")
        results.append(send_delivery.call(*row.task_result.args))
        row.set_successful(results[-1])
    return results


def test_a_message_goes_out_after_commit_and_is_recorded(immediate, mailbox, commit):
    with commit():
        queue()
        assert len(mailbox) == 0  # not before the commit
    message = mailbox.last()
    assert message["Subject"] == "Hồ sơ 000.00.01.H56-261203-0001 đã được tiếp nhận"
    assert "Kính gửi Nguyễn Văn An," in mailbox.text_body(message)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.to) == ("sent", 1, "an@example.vn")
    assert delivery.sent_at and delivery.event == "received"
    assert message["Message-ID"].endswith("@localhost>")


def test_nothing_is_sent_when_the_transaction_rolls_back(immediate, mailbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert len(mailbox) == 0 and not Delivery.objects.exists()


def test_the_same_event_twice_sends_once(immediate, mailbox, commit):
    with commit():
        first = queue()
        second = queue()
    assert first.pk == second.pk
    send_delivery.call(first.pk)  # a duplicated task finds it sent
    assert len(mailbox) == 1 and Delivery.objects.get().attempts == 1
    with commit():
        queue(ref="2")  # another event for the same person is another message
    assert len(mailbox) == 2


@pytest.mark.parametrize("commits", [True, False])
def test_the_task_row_shares_the_transaction(database_tasks, commits):
    """The production backend: a rollback leaves neither row, a commit one task for the worker."""
    with contextlib.suppress(RuntimeError), transaction.atomic():
        delivery = queue()
        assert DBTaskResult.objects.filter(args_kwargs__args=[delivery.pk]).count() == 1
        if not commits:
            raise RuntimeError
    assert Delivery.objects.exists() is commits
    assert DBTaskResult.objects.filter(task_path__endswith="send_delivery").count() == commits


def test_failures_are_retried_after_1_5_30_minutes_and_3_hours_then_failed(
    database_tasks, smtp_down
):
    delivery = queue()
    gaps = []
    for _attempt in range(4):
        assert send_tasks() == [DeliveryStatus.QUEUED]
        delivery.refresh_from_db()
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == delivery.next_attempt_at  # the worker waits until then
        gaps.append(round((delivery.next_attempt_at - timezone.now()).total_seconds() / 60))
        assert send_tasks() == []  # not due yet: nothing runs
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert gaps == [1, 5, 30, 180]
    assert send_tasks() == [DeliveryStatus.FAILED]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 5)
    assert "ConnectionRefusedError" in delivery.error
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no more attempts


def test_a_failed_message_is_resent_on_request(database_tasks, smtp_down, settings, mailbox):
    delivery = queue()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=5)
    DBTaskResult.objects.all().delete()
    resend(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 0)
    assert send_tasks() == [DeliveryStatus.SENT]
    assert len(mailbox) == 1 and mailbox.last()["To"] == "an@example.vn"
    resend(delivery.pk)  # a sent message is not sent again
    assert send_tasks() == [] and len(mailbox) == 1


def test_a_message_another_worker_is_sending_is_left_to_it(database_tasks, mailbox):
    delivery = queue()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, claimed_at=timezone.now()
    )
    assert send_delivery.call(delivery.pk) == "skipped"
    assert requeue_stalled(timedelta(minutes=10)) == 0
    assert len(mailbox) == 0


def test_a_message_left_sending_past_its_lease_is_queued_again_and_sent_once(
    database_tasks, mailbox
):
    delivery = queue()
    DBTaskResult.objects.all().delete()  # the dead worker's task is never finished
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=11),
    )
    assert requeue_stalled(timedelta(minutes=10)) == 1
    assert requeue_stalled(timedelta(minutes=10)) == 0  # queued now, not stalled
    assert send_tasks() == [DeliveryStatus.SENT]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(mailbox) == 1


def test_an_sms_goes_through_the_configured_provider(immediate, commit):
    phone = Recipient(DeliveryChannel.SMS, "0905123456", "vi")
    with commit():
        queue(recipient=phone)
        queue(recipient=phone)
    record = SmsRecord.objects.get()
    assert record.to == "0905123456"
    assert "000.00.01.H56-261203-0001" in record.text and "\n" not in record.text
    assert Delivery.objects.get().status == DeliveryStatus.SENT
