"""An appointment at the close of a day (17:00) stays there when a supplement took no working
time: it never becomes the next day's opening (07:00)."""

from datetime import datetime

import pytest

from motcua.dossiers.models import Dossier
from motcua.processing import services

from .factories import new_dossier
from .test_deadlines import VN, clock, send_supplement_as_applicant  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_at_close(unit, desk, clock):  # noqa: F811
    """Received Monday 07/12/2026 before opening with 2 working days: due Tuesday 17:00."""
    clock(2026, 12, 7, 6, 30)
    dossier = new_dossier(unit, days=2)
    services.receive(dossier.pk, actor=desk)
    assert Dossier.objects.get(pk=dossier.pk).appointment_at == datetime(2026, 12, 8, 17, tzinfo=VN)
    return dossier


def test_a_supplement_sent_the_same_evening_keeps_the_appointment(
    due_at_close,
    desk,
    clock,  # noqa: F811
):
    clock(2026, 12, 7, 17, 30)
    services.request_supplement(due_at_close.pk, actor=desk, missing=["Tờ khai"])
    clock(2026, 12, 7, 20)
    send_supplement_as_applicant(Dossier.objects.get(pk=due_at_close.pk), desk)
    assert Dossier.objects.get(pk=due_at_close.pk).appointment_at == datetime(
        2026, 12, 8, 17, tzinfo=VN
    )


def test_a_wait_in_working_hours_moves_the_appointment_by_that_wait(
    due_at_close,
    desk,
    clock,  # noqa: F811
):
    clock(2026, 12, 8, 16)
    services.request_supplement(due_at_close.pk, actor=desk, missing=["Tờ khai"])
    clock(2026, 12, 9, 8)
    send_supplement_as_applicant(Dossier.objects.get(pk=due_at_close.pk), desk)
    # 1 hour on Tuesday and 1 on Wednesday: 2 working hours after Tuesday's close.
    assert Dossier.objects.get(pk=due_at_close.pk).appointment_at == datetime(
        2026, 12, 9, 9, tzinfo=VN
    )
