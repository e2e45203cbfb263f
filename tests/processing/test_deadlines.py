"""Each dossier shows time left in working hours and a colour state with a text label; the
clock is frozen while waiting for the applicant."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.models import Dossier, Status
from motcua.processing import services
from motcua.processing.selectors import deadline_of

from .factories import new_dossier

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def received(unit, desk, monkeypatch):
    """Received Monday 07/12/2026 08:00 with 2 working days: due Wednesday 09/12 08:00."""
    monkeypatch.setattr(services, "now", lambda: datetime(2026, 12, 7, 8, tzinfo=VN))
    dossier = new_dossier(unit, days=2)
    services.receive(dossier.pk, actor=desk)
    return Dossier.objects.select_related("process").get(pk=dossier.pk)


@pytest.mark.parametrize(
    ("moment", "state", "label", "hours_left"),
    [
        (datetime(2026, 12, 7, 8), "in_time", "Còn hạn", 16),
        (datetime(2026, 12, 8, 12), "due_soon", "Sắp đến hạn", 4.5),  # lunch is not counted
        (datetime(2026, 12, 9, 9), "late", "Quá hạn", -1),
        (datetime(2026, 12, 12, 9), "late", "Quá hạn", -23),  # Saturday adds nothing
    ],
)
def test_deadline_state_and_label(received, moment, state, label, hours_left):
    deadline = deadline_of(received, moment.replace(tzinfo=VN))
    assert (deadline.state, deadline.label, deadline.hours_left) == (state, label, hours_left)


def test_clock_is_frozen_while_waiting_for_a_supplement(received, desk, monkeypatch):
    monkeypatch.setattr(services, "now", lambda: datetime(2026, 12, 8, 8, tzinfo=VN))
    services.request_supplement(received.pk, actor=desk, missing=["Tờ khai"])
    waiting = Dossier.objects.select_related("process").get(pk=received.pk)
    assert waiting.status == Status.SUPPLEMENT
    much_later = datetime(2026, 12, 30, 8, tzinfo=VN)
    assert deadline_of(waiting, much_later).hours_left == 8
    assert deadline_of(waiting, much_later).state == "due_soon"


def test_finished_dossiers_have_no_running_deadline(received, specialist, leader):
    services.complete_step(received.pk, actor=specialist)
    services.complete_step(received.pk, actor=leader)
    assert deadline_of(Dossier.objects.get(pk=received.pk)) is None


def test_supplement_sent_by_the_applicant_moves_the_appointment(unit, desk, specialist):
    from datetime import timedelta

    from motcua.core.calendar import add_working_time, working_hours_between
    from motcua.dossiers.services import change_status
    from motcua.processing.models import DossierProcess

    dossier = new_dossier(unit, days=5)
    services.receive(dossier.pk, actor=desk)
    services.request_supplement(dossier.pk, actor=desk, missing=["Tờ khai"])
    waited_since = services.now() - timedelta(days=7)  # the applicant took a week
    DossierProcess.objects.filter(dossier=dossier).update(paused_at=waited_since)
    appointment = Dossier.objects.get(pk=dossier.pk).appointment_at
    change_status(dossier.pk, Status.PROCESSING, actor=dossier.applicant, note="Đã bổ sung")

    resumed = Dossier.objects.select_related("process").get(pk=dossier.pk)
    waited = working_hours_between(waited_since, resumed.updated_at)
    assert waited >= 32
    shown = deadline_of(resumed, resumed.updated_at)
    assert shown.hours_left == working_hours_between(resumed.updated_at, appointment) + waited

    services.complete_step(dossier.pk, actor=specialist)
    settled = Dossier.objects.get(pk=dossier.pk)
    resumed_at = settled.history.get(to_status=Status.PROCESSING, from_status=5).at
    expected = add_working_time(
        appointment, working_hours_between(waited_since, resumed_at), "hour"
    )
    assert settled.appointment_at == expected
    assert DossierProcess.objects.get(dossier=dossier).paused_at is None
