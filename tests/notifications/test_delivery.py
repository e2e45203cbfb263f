import contextlib

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import queue_email
from motcua.notifications.tasks import send_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_mail_goes_out_after_commit_and_is_recorded(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("k-1", "an@example.vn", "Đã nhận hồ sơ", "Mã hồ sơ: X-1")
    message = mailbox.messages[-1]
    assert message["Subject"] == "Đã nhận hồ sơ"
    assert "Mã hồ sơ: X-1" in mailbox.text_body(message)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.to) == ("sent", 1, "an@example.vn")


def test_nothing_is_sent_when_the_transaction_rolls_back(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email("k-2", "an@example.vn", "S", "B")
        raise RuntimeError
    assert mailoutbox == [] and not Delivery.objects.exists()


def test_task_is_idempotent(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = queue_email("k-3", "an@example.vn", "S", "B")
        queue_email("k-3", "an@example.vn", "S", "B")
    send_delivery.call(delivery.pk)
    assert len(mailoutbox) == 1
    assert Delivery.objects.get().attempts == 1


def test_a_failure_is_recorded_and_a_retry_sends(settings, mailoutbox):
    locmem = settings.MAILERS["default"]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    delivery = Delivery.objects.create(key="k-4", to="an@example.vn", subject="S", body="B")
    assert send_delivery.call(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.error
    settings.MAILERS = {"default": locmem}
    assert send_delivery.call(delivery.pk) == DeliveryStatus.SENT
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.error) == (2, "")


@pytest.mark.parametrize("commits", [True, False])
def test_with_the_database_task_backend_the_task_row_shares_the_transaction(settings, commits):
    """The production backend: the task row is written with the delivery, so a rollback
    leaves neither, and a commit leaves one task for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with contextlib.suppress(RuntimeError), transaction.atomic():
        delivery = queue_email("k-5", "an@example.vn", "S", "B")
        assert DBTaskResult.objects.filter(args_kwargs__args=[delivery.pk]).count() == 1
        if not commits:
            raise RuntimeError
    assert Delivery.objects.filter(key="k-5").exists() is commits
    assert DBTaskResult.objects.filter(task_path__endswith="send_delivery").count() == commits
