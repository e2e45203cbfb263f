"""The default route takes a dossier from 1 to 10; each step belongs to one role."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.models import Status, StatusHistory
from motcua.dossiers.selectors import officer_dossiers
from motcua.notifications.models import Delivery
from motcua.processing import services
from motcua.processing.models import DossierProcess, StepRecord, Timeliness

from .factories import new_dossier, officer

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def clock(monkeypatch):
    """Set the actions' clock: clock.at(2026, 2, 13, 9)."""

    class Clock:
        def at(self, *parts):
            moment = datetime(*parts, tzinfo=VN)
            monkeypatch.setattr(services, "now", lambda: moment)
            return moment

    return Clock()


def test_default_route_from_new_to_returned(unit, desk, specialist, leader, clock):
    dossier = new_dossier(unit, days=5)
    clock.at(2026, 12, 7, 8)  # Monday 08:00
    received = services.receive(dossier.pk, actor=desk)
    assert received.status == Status.PROCESSING
    assert received.appointment_at == datetime(2026, 12, 14, 8, tzinfo=VN)
    process = DossierProcess.objects.get(dossier=dossier)
    assert process.current_step["role"] == "specialist"

    clock.at(2026, 12, 8, 9)
    forwarded = services.complete_step(dossier.pk, actor=specialist, note="Đủ điều kiện")
    assert forwarded.status == Status.PROCESSING
    clock.at(2026, 12, 9, 9)
    approved = services.complete_step(dossier.pk, actor=leader)
    assert approved.status == Status.DONE
    assert DossierProcess.objects.get(dossier=dossier).timeliness == Timeliness.EARLY

    clock.at(2026, 12, 10, 10)
    returned = services.return_result(
        dossier.pk,
        actor=desk,
        received_by_name="Nguyễn Văn An",
        fee_vnd=50000,
        receipt_number="0001",
    )
    assert returned.status == Status.RETURNED
    moves = list(
        StatusHistory.objects.filter(dossier=dossier).values_list("from_status", "to_status")
    )
    assert moves == [(1, 2), (2, 4), (4, 4), (4, 9), (9, 10)]
    assert StepRecord.objects.filter(dossier=dossier, completed_at__isnull=False).count() == 4


def test_received_on_the_eve_of_tet_the_appointment_skips_the_holiday(unit, desk, clock):
    dossier = new_dossier(unit, days=1)
    clock.at(2026, 2, 13, 16)  # Friday before Tết 2026 (16–20/02 off)
    received = services.receive(dossier.pk, actor=desk)
    assert received.appointment_at == datetime(2026, 2, 23, 16, tzinfo=VN)


def test_received_after_hours_starts_next_morning_across_the_weekend(unit, desk, clock):
    dossier = new_dossier(unit, days=1)
    clock.at(2026, 12, 11, 18)  # Friday evening
    received = services.receive(dossier.pk, actor=desk)
    assert received.appointment_at == datetime(2026, 12, 14, 17, tzinfo=VN)


def test_lunch_break_is_not_working_time(unit, desk, clock):
    dossier = new_dossier(unit, days=2, time_unit="hour")
    clock.at(2026, 12, 8, 10, 30)
    assert services.receive(dossier.pk, actor=desk).appointment_at == datetime(
        2026, 12, 8, 14, 30, tzinfo=VN
    )


def test_make_up_saturday_is_a_working_day(unit, desk, clock):
    dossier = new_dossier(unit, days=1)
    clock.at(2026, 8, 21, 17, 30)  # Friday evening before the make-up Saturday 22/08/2026
    received = services.receive(dossier.pk, actor=desk)
    assert received.appointment_at == datetime(2026, 8, 22, 17, tzinfo=VN)


def test_supplement_pause_moves_the_appointment_by_the_waiting_time(unit, desk, specialist, clock):
    dossier = new_dossier(unit, days=5)
    clock.at(2026, 12, 7, 8)
    services.receive(dossier.pk, actor=desk)
    clock.at(2026, 12, 8, 8)
    services.request_supplement(dossier.pk, actor=specialist, missing=["Bản sao CCCD"])
    clock.at(2026, 12, 10, 8)  # two working days later
    resumed = services.resume(dossier.pk, actor=desk)
    assert resumed.status == Status.PROCESSING
    assert resumed.appointment_at == datetime(2026, 12, 16, 8, tzinfo=VN)


def test_second_supplement_needs_a_reason_and_counts_late(unit, desk, specialist, leader, clock):
    dossier = new_dossier(unit, days=5)
    clock.at(2026, 12, 7, 8)
    services.receive(dossier.pk, actor=desk)
    services.request_supplement(dossier.pk, actor=specialist, missing=["Tờ khai"])
    services.resume(dossier.pk, actor=desk)
    with pytest.raises(services.InvalidInput):
        services.request_supplement(dossier.pk, actor=specialist, missing=["Ảnh"])
    services.request_supplement(
        dossier.pk, actor=specialist, missing=["Ảnh"], reason="Ảnh mờ, không đọc được"
    )
    services.resume(dossier.pk, actor=desk)
    services.complete_step(dossier.pk, actor=specialist)
    services.complete_step(dossier.pk, actor=leader)
    assert DossierProcess.objects.get(dossier=dossier).timeliness == Timeliness.LATE


def test_late_finish_is_stored_as_late(unit, desk, specialist, leader, clock):
    dossier = new_dossier(unit, days=1)
    clock.at(2026, 12, 7, 8)
    services.receive(dossier.pk, actor=desk)
    clock.at(2026, 12, 9, 9)
    services.complete_step(dossier.pk, actor=specialist)
    services.complete_step(dossier.pk, actor=leader)
    process = DossierProcess.objects.get(dossier=dossier)
    assert process.timeliness == Timeliness.LATE
    assert StepRecord.objects.get(dossier=dossier, role="specialist").timeliness == "late"


def test_apology_approved_by_a_leader_moves_the_appointment_and_stays_late(
    unit, desk, specialist, leader, clock
):
    dossier = new_dossier(unit, days=2)
    clock.at(2026, 12, 7, 8)
    services.receive(dossier.pk, actor=desk)
    new_date = datetime(2026, 12, 18, 16, tzinfo=VN)
    apology = services.draft_apology(
        dossier.pk, actor=specialist, reason="Chờ ý kiến liên ngành", new_appointment_at=new_date
    )
    with pytest.raises(services.NotPermitted):
        services.approve_apology(apology.pk, actor=specialist)
    services.approve_apology(apology.pk, actor=leader)
    dossier.refresh_from_db()
    assert dossier.appointment_at == new_date
    letter = Delivery.objects.get(event="apology", dossier=dossier)
    assert letter.to == dossier.applicant_email and dossier.code in letter.subject
    assert "Chờ ý kiến liên ngành" in letter.body and "16:00 18/12/2026" in letter.body
    services.complete_step(dossier.pk, actor=specialist)
    services.complete_step(dossier.pk, actor=leader)
    assert DossierProcess.objects.get(dossier=dossier).timeliness == Timeliness.LATE


def test_refuse_needs_a_reason(unit, desk):
    dossier = new_dossier(unit)
    with pytest.raises(services.InvalidInput):
        services.refuse(dossier.pk, actor=desk, reason="  ")
    assert services.refuse(dossier.pk, actor=desk, reason="Sai thẩm quyền").status == 3


def test_step_of_another_unit_is_done_by_that_units_officers(unit, desk, clock):
    from motcua.processing.models import Route, RouteStep
    from tests.factories import UnitFactory

    partner = UnitFactory(name="Sở Xây dựng")
    partner_specialist = officer(partner, "specialist")
    own_leader = officer(unit, "leader")
    dossier = new_dossier(unit)
    route = Route.objects.create(unit=unit, procedure=dossier.procedure)
    RouteStep.objects.create(route=route, position=1, name="Tiếp nhận", role="desk_officer")
    RouteStep.objects.create(
        route=route, position=2, name="Ý kiến liên ngành", role="specialist", unit=partner, hours=8
    )
    RouteStep.objects.create(route=route, position=3, name="Phê duyệt", role="leader", hours=8)
    RouteStep.objects.create(route=route, position=4, name="Trả kết quả", role="desk_officer")
    services.receive(dossier.pk, actor=desk)
    assert DossierProcess.objects.get(dossier=dossier).step_unit == partner
    assert list(officer_dossiers(partner_specialist, Status.PROCESSING)) == [dossier]
    with pytest.raises(services.NotPermitted):
        services.complete_step(dossier.pk, actor=own_leader)
    services.complete_step(dossier.pk, actor=partner_specialist)
    # Back at its own unit: gone from the partner's queue, still in its own unit's.
    assert not officer_dossiers(partner_specialist, Status.PROCESSING).exists()
    assert list(officer_dossiers(own_leader, Status.PROCESSING)) == [dossier]
    assert services.complete_step(dossier.pk, actor=own_leader).status == Status.DONE
    dossier.refresh_from_db()
    assert dossier.partner_unit is None


def test_the_migration_marks_dossiers_already_at_a_partner_step(unit, desk, clock):
    """Dossiers received before Dossier.partner_unit existed get it from their process."""
    from importlib import import_module

    from django.apps import apps

    from motcua.dossiers.models import Dossier
    from motcua.processing.models import Route, RouteStep
    from tests.factories import UnitFactory

    partner = UnitFactory(name="Sở Tài chính")
    away, home = new_dossier(unit), new_dossier(unit)
    route = Route.objects.create(unit=unit, procedure=away.procedure)
    for position, step_unit in enumerate((None, partner, None, None), start=1):
        RouteStep.objects.create(
            route=route,
            position=position,
            name=f"Bước {position}",
            role="desk_officer",
            unit=step_unit,
            hours=8,
        )
    services.receive(away.pk, actor=desk)
    services.receive(home.pk, actor=desk)
    DossierProcess.objects.filter(dossier=home).update(step_unit=unit)
    Dossier.objects.update(partner_unit=None)  # as before the migration

    migration = import_module("motcua.processing.migrations.0002_dossier_partner_unit")
    migration.fill_partner_units(apps, None)

    away.refresh_from_db()
    home.refresh_from_db()
    assert (away.partner_unit, home.partner_unit) == (partner, None)


def test_a_processing_time_the_calendar_cannot_count_is_refused_clearly(unit, desk):
    dossier = new_dossier(unit, days=999999)
    with pytest.raises(services.InvalidInput) as refused:
        services.receive(dossier.pk, actor=desk)
    assert "quá lớn" in refused.value.message
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_a_later_catalogue_change_does_not_move_a_submitted_dossiers_deadline(unit, desk, clock):
    from motcua.catalog.models import ProcedureChannel

    dossier = new_dossier(unit, days=1)
    ProcedureChannel.objects.filter(procedure=dossier.procedure).update(time_value=20)
    clock.at(2026, 12, 8, 7, 0)
    assert services.receive(dossier.pk, actor=desk).appointment_at == datetime(
        2026, 12, 8, 17, 0, tzinfo=VN
    )


def test_a_time_without_a_unit_counts_in_working_days(unit, desk, clock):
    dossier = new_dossier(unit, days=2, time_unit="")
    clock.at(2026, 12, 8, 7, 0)
    assert services.receive(dossier.pk, actor=desk).appointment_at == datetime(
        2026, 12, 9, 17, 0, tzinfo=VN
    )
