"""Each dossier shows time left in working hours and a colour state with a text label; the
clock is frozen while waiting for the applicant."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.catalog.models import ProcedureChannel
from motcua.dossiers.models import Dossier, DossierFile, FileKind, Status
from motcua.dossiers.services import send_supplement
from motcua.processing import services
from motcua.processing.models import SupplementRequest
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


@pytest.fixture
def clock(monkeypatch):
    """Sets the time seen by both sides: officers' actions and the applicant's pages."""

    def set_to(*moment: int) -> datetime:
        at = datetime(*moment, tzinfo=VN)
        monkeypatch.setattr(services, "now", lambda: at)
        monkeypatch.setattr(timezone, "now", lambda: at)
        return at

    return set_to


def send_supplement_as_applicant(dossier: Dossier, _desk) -> None:
    DossierFile.objects.create(
        dossier=dossier,
        document_id=1,
        file="bo-sung.pdf",
        original_name="Tờ khai.pdf",
        size=10,
        content_type="application/pdf",
        sha256="0" * 64,
        kind=FileKind.SUPPLEMENT,
    )
    send_supplement(dossier.pk, dossier.applicant, note="Đã bổ sung tờ khai")


def resume_at_the_desk(dossier: Dossier, desk) -> None:
    services.resume(dossier.pk, actor=desk)


@pytest.mark.parametrize("resumes", [send_supplement_as_applicant, resume_at_the_desk])
def test_resubmission_moves_the_appointment_at_once_across_a_weekend(unit, desk, clock, resumes):
    """Received Thursday 03/12 08:00 with 2 working days (due Monday 07/12 08:00); asked for a
    supplement Friday 04/12 08:00 with 8 working hours left; supplied Monday 07/12 10:00.
    The wait is 10 working hours (Friday 7, the weekend 0, Monday 3), so before any officer
    acts the appointment is Tuesday 08/12 10:00 and the 8 hours left are intact."""
    clock(2026, 12, 3, 8)
    dossier = new_dossier(unit, days=2)
    services.receive(dossier.pk, actor=desk)
    clock(2026, 12, 4, 8)
    services.request_supplement(dossier.pk, actor=desk, missing=["Tờ khai"])
    resumed_at = clock(2026, 12, 7, 10)

    resumes(Dossier.objects.get(pk=dossier.pk), desk)

    resumed = Dossier.objects.select_related("process").get(pk=dossier.pk)
    assert resumed.status == Status.PROCESSING
    assert resumed.appointment_at == datetime(2026, 12, 8, 10, tzinfo=VN)
    assert resumed.process.paused_at is None
    assert resumed.process.paused_hours == 10
    assert deadline_of(resumed, resumed_at).hours_left == 8
    assert SupplementRequest.objects.get(dossier=dossier).resumed_at == resumed_at


def test_a_paused_dossier_resumed_twice_counts_each_wait_once(unit, desk, clock):
    clock(2026, 12, 7, 8)
    dossier = new_dossier(unit, days=2)
    services.receive(dossier.pk, actor=desk)
    ProcedureChannel.objects.filter(procedure=dossier.procedure).update(fee_vnd=50000)
    clock(2026, 12, 7, 9)
    services.request_financial_obligation(dossier.pk, actor=desk, note="Nộp lệ phí")
    clock(2026, 12, 7, 11)
    services.resume(dossier.pk, actor=desk)
    clock(2026, 12, 8, 8)
    services.request_supplement(dossier.pk, actor=desk, missing=["Tờ khai"])
    clock(2026, 12, 8, 9)
    services.resume(dossier.pk, actor=desk)

    settled = Dossier.objects.select_related("process").get(pk=dossier.pk)
    assert settled.process.paused_hours == 3
    assert settled.appointment_at == datetime(2026, 12, 9, 11, tzinfo=VN)
