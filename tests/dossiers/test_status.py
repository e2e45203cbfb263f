import pytest
from django.core import mail

from motcua.dossiers.models import Status, StatusHistory
from motcua.dossiers.services import (
    TRANSITIONS,
    ConcurrentUpdate,
    IllegalTransition,
    change_status,
    record_step,
)
from motcua.notifications.models import Delivery, DeliveryStatus

from .factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
ILLEGAL = [(a, b) for a in Status for b in Status if b not in TRANSITIONS[a] and a != b][:40]


def test_the_national_lifecycle_is_in_the_table():
    for move in [(0, 1), (1, 2), (1, 3), (1, 7), (2, 4), (4, 5), (5, 4), (4, 6), (6, 4)]:
        assert move in LEGAL
    for move in [(4, 8), (4, 9), (9, 10), (2, 7), (4, 7), (5, 7), (6, 7)]:
        assert move in LEGAL
    for final in (Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED):
        assert not TRANSITIONS[final]


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_legal_move_applies_and_is_recorded(from_status, to_status):
    officer = UserFactory()
    dossier = DossierFactory(status=from_status)
    changed = change_status(dossier.pk, to_status, actor=officer, note="ghi chú", step="Tiếp nhận")
    assert changed.status == to_status
    assert changed.version == 1
    entry = StatusHistory.objects.get(dossier=dossier)
    assert (entry.from_status, entry.to_status, entry.actor, entry.note, entry.step) == (
        from_status,
        to_status,
        officer,
        "ghi chú",
        "Tiếp nhận",
    )


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_illegal_move_is_refused_and_changes_nothing(from_status, to_status):
    dossier = DossierFactory(status=from_status)
    with pytest.raises(IllegalTransition) as error:
        change_status(dossier.pk, to_status, actor=None)
    assert "không thể chuyển sang" in error.value.message
    dossier.refresh_from_db()
    assert dossier.status == from_status and dossier.version == 0
    assert not StatusHistory.objects.exists()


def test_stale_version_is_refused():
    dossier = DossierFactory(status=Status.NEW)
    change_status(dossier.pk, Status.RECEIVED, actor=None, expected_version=0)
    with pytest.raises(ConcurrentUpdate):
        change_status(dossier.pk, Status.NOT_RECEIVED, actor=None, expected_version=0)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_fields_and_date_stamps_are_set():
    dossier = DossierFactory(status=Status.PROCESSING)
    changed = change_status(
        dossier.pk, Status.SUPPLEMENT, actor=None, supplement_request="Bản sao CCCD"
    )
    assert changed.supplement_request == "Bản sao CCCD"
    done = change_status(change_status(dossier.pk, 4, actor=None).pk, 9, actor=None)
    assert done.finished_at is not None


def test_history_rows_cannot_be_edited():
    dossier = DossierFactory(status=Status.NEW)
    change_status(dossier.pk, Status.RECEIVED, actor=None)
    entry = StatusHistory.objects.get()
    entry.note = "sửa"
    with pytest.raises(ValueError):
        entry.save()


def test_applicant_is_emailed_once_after_commit(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    dossier = DossierFactory(status=Status.NEW, code="000.00.01.H56-261126-0007")
    with django_capture_on_commit_callbacks(execute=True):
        change_status(dossier.pk, Status.RECEIVED, actor=None)
    assert len(mail.outbox) == 1
    assert "000.00.01.H56-261126-0007" in mail.outbox[0].subject
    assert mail.outbox[0].to == [dossier.applicant_email]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_a_step_keeps_the_status_and_is_recorded_like_a_change(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    officer = UserFactory()
    dossier = DossierFactory(status=Status.PROCESSING)
    with django_capture_on_commit_callbacks(execute=True):
        moved = record_step(
            dossier.pk, actor=officer, step="Thẩm định", note="Chuyển lãnh đạo", expected_version=0
        )
    assert (moved.status, moved.version) == (Status.PROCESSING, 1)
    entry = StatusHistory.objects.get(dossier=dossier)
    assert (entry.from_status, entry.to_status, entry.actor, entry.step, entry.note) == (
        Status.PROCESSING,
        Status.PROCESSING,
        officer,
        "Thẩm định",
        "Chuyển lãnh đạo",
    )
    assert not mail.outbox  # the applicant hears about status changes, not internal steps
    with pytest.raises(ConcurrentUpdate):
        record_step(dossier.pk, actor=officer, step="Phê duyệt", expected_version=0)
    assert StatusHistory.objects.filter(dossier=dossier).count() == 1


def test_status_and_channel_labels_follow_the_language():
    from django.utils import translation

    from motcua.dossiers.models import Dossier, DossierChannel

    dossier = Dossier(status=Status.SUPPLEMENT, channel=DossierChannel.POST)
    entry = StatusHistory(from_status=Status.DRAFT, to_status=Status.NEW)
    assert dossier.get_status_display() == "Yêu cầu bổ sung giấy tờ"
    assert dossier.get_channel_display() == "Bưu chính công ích"
    labels = (entry.get_from_status_display(), entry.get_to_status_display())
    assert labels == ("Nháp", "Mới đăng ký")
    with translation.override("en"):
        assert dossier.get_status_display() == "Supplement requested"
        assert entry.get_to_status_display() == "Submitted"
    assert Dossier(status=99).get_status_display() == 99  # not a status: shown as it is
