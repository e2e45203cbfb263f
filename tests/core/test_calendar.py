"""The working-time calendar on the dates of 2025–2026 that officers actually meet."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from motcua.core import calendar
from motcua.core.calendar import (
    CalendarError,
    add_working_time,
    is_working_day,
    next_working_moment,
    working_hours_between,
)
from motcua.core.models import CalendarOverride, OverrideKind
from motcua.core.services import delete_calendar_override, save_calendar_override

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    """A moment in Vietnam's time (+07:00)."""
    return datetime.fromisoformat(f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}+07:00")


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # Tết 2026: Mon 16 – Fri 20/02 are skipped with the weekends around them.
        (at(2026, 2, 13, 16, 30), 5, "working_day", at(2026, 2, 27, 16, 30)),
        # An ordinary weekend.
        (at(2026, 3, 6, 10), 1, "working_day", at(2026, 3, 9, 10)),
        # Make-up Saturday 22/08/2026 is worked; 31/08 (swapped), 01–02/09 are off.
        (at(2026, 8, 21, 7), 2, "working_day", at(2026, 8, 22, 17)),
        (at(2026, 8, 28, 7), 2, "working_day", at(2026, 9, 3, 17)),
        # Make-up Saturday 26/04/2025; 30/04, 01/05 and the swapped 02/05/2025 are off.
        (at(2025, 4, 25, 13, 30), 1, "working_day", at(2025, 4, 26, 11, 30)),
        (at(2025, 4, 29, 7), 2, "working_day", at(2025, 5, 5, 17)),
        # Giỗ Tổ on Sunday 26/04/2026 is observed on Monday 27/04.
        (at(2026, 4, 24, 7), 2, "working_day", at(2026, 4, 28, 17)),
        # The lunch break (11:30–13:30) does not count.
        (at(2026, 3, 10, 10), 2, "hour", at(2026, 3, 10, 14)),
        (at(2026, 3, 10, 12), 1, "hour", at(2026, 3, 10, 14, 30)),
        # Work that runs out at a period's end ends then, not at the next opening.
        (at(2026, 3, 10, 7), Decimal("4.5"), "hour", at(2026, 3, 10, 11, 30)),
        (at(2026, 3, 10, 7), 1, "working_day", at(2026, 3, 10, 17)),
        # Received at 17:30: the clock starts at 07:00 the next morning.
        (at(2026, 3, 10, 17, 30), 1, "working_day", at(2026, 3, 11, 17)),
        (at(2026, 3, 10, 17, 30), 1, "hour", at(2026, 3, 11, 8)),
        # Received on a Sunday: Monday morning.
        (at(2026, 3, 8, 9), 1, "working_day", at(2026, 3, 9, 17)),
        # Fractions of a working day are working hours (0.5 day = 4 hours).
        (at(2026, 3, 9, 7), Decimal("0.5"), "working_day", at(2026, 3, 9, 11)),
        (at(2026, 3, 9, 7), 1.5, "working_day", at(2026, 3, 10, 11)),
        (at(2026, 3, 9, 7), "0.25", "working_day", at(2026, 3, 9, 9)),
        # Calendar days: an end on a day off moves to 17:00 of the next working day.
        (at(2026, 3, 10, 9), 3, "day", at(2026, 3, 13, 9)),
        (at(2026, 3, 4, 9), 3, "day", at(2026, 3, 9, 17)),
        (at(2026, 4, 20, 9), 7, "day", at(2026, 4, 28, 17)),
        (at(2026, 2, 9, 9), 7, "day", at(2026, 2, 23, 17)),
        (at(2026, 3, 10, 9), Decimal("0.5"), "day", at(2026, 3, 10, 21)),
        # Calendar months keep the day of month, clamped to the month's last day.
        (at(2026, 3, 10, 9), 1, "month", at(2026, 4, 10, 9)),
        (at(2026, 1, 30, 9), 1, "month", at(2026, 3, 2, 17)),
        (at(2026, 11, 10, 9), 2, "month", at(2027, 1, 11, 17)),
        (at(2026, 1, 15, 9), Decimal("1.5"), "month", at(2026, 3, 2, 17)),
        # Nothing to add: the moment the clock starts.
        (at(2026, 3, 10, 11, 30), 0, "hour", at(2026, 3, 10, 13, 30)),
    ],
)
def test_appointment(start, amount, unit, expected):
    assert add_working_time(start, amount, unit) == expected


def test_the_appointment_is_in_vietnam_time_whatever_the_start_zone():
    start = datetime(2026, 2, 13, 9, 30, tzinfo=UTC)  # 16:30 in Vietnam

    appointment = add_working_time(start, 5, "working_day")

    assert appointment.isoformat() == "2026-02-27T16:30:00+07:00"


def test_a_naive_start_is_taken_as_vietnam_time():
    assert add_working_time(datetime(2026, 2, 13, 16, 30), 5, "working_day") == at(
        2026, 2, 27, 16, 30
    )


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 16), False),  # Tết
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ observed
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 8, 29), False),  # ordinary Saturday
        (date(2026, 8, 31), False),  # swapped day off
        (date(2026, 9, 2), False),  # National Day
        (date(2025, 4, 26), True),  # make-up Saturday
        (date(2025, 5, 2), False),  # swapped day off
        (date(2025, 1, 1), False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 10, 9), at(2026, 3, 10, 9)),
        (at(2026, 3, 10, 6, 15), at(2026, 3, 10, 7)),
        (at(2026, 3, 10, 11, 30), at(2026, 3, 10, 13, 30)),
        (at(2026, 3, 10, 12, 45), at(2026, 3, 10, 13, 30)),
        (at(2026, 3, 10, 17), at(2026, 3, 11, 7)),
        (at(2026, 3, 13, 17, 30), at(2026, 3, 16, 7)),
        (at(2026, 2, 13, 23), at(2026, 2, 23, 7)),
    ],
)
def test_next_working_moment(moment, expected):
    assert next_working_moment(moment) == expected


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (at(2026, 3, 9, 7), at(2026, 3, 9, 17), Decimal(8)),
        (at(2026, 3, 9, 11), at(2026, 3, 9, 14), Decimal(1)),
        (at(2026, 3, 13, 16), at(2026, 3, 16, 8), Decimal(2)),
        (at(2026, 3, 9, 18), at(2026, 3, 10, 6), Decimal(0)),
        (at(2026, 2, 13, 16, 30), at(2026, 2, 27, 16, 30), Decimal(40)),
        (at(2026, 3, 9, 7, 0), at(2026, 3, 9, 7, 45), Decimal("0.75")),
        # A deadline already passed: time left is negative.
        (at(2026, 3, 10, 9), at(2026, 3, 9, 9), Decimal(-8)),
    ],
)
def test_working_hours_between(start, end, hours):
    assert working_hours_between(start, end) == hours


@pytest.mark.parametrize(
    ("amount", "unit", "parameter"),
    [
        (5, "week", "unit"),
        (-1, "working_day", "amount"),
        (2501, "working_day", "amount"),
        ("abc", "hour", "amount"),
        (float("nan"), "hour", "amount"),
        ("Infinity", "day", "amount"),
        (121, "month", "amount"),
    ],
)
def test_bad_requests_raise_a_calendar_error_naming_the_parameter(amount, unit, parameter):
    with pytest.raises(CalendarError) as error:
        add_working_time(at(2026, 3, 9, 7), amount, unit)

    assert error.value.parameter == parameter
    assert error.value.message


def test_a_start_outside_the_known_years_is_refused():
    with pytest.raises(CalendarError) as error:
        add_working_time(at(2150, 1, 5, 9), 1, "working_day")

    assert error.value.parameter == "start"


def test_the_days_off_of_2026_list_holidays_swaps_and_make_up_days():
    year = calendar.days_off(2026)

    off = {note.day: note.reason for note in year.days_off}
    assert {date(2026, 2, 16) + timedelta(days=n) for n in range(5)} <= set(off)
    assert off[date(2026, 4, 27)]
    assert "22/08/2026" in off[date(2026, 8, 31)]
    assert date(2026, 3, 7) not in off  # weekends are not listed
    assert [note.day for note in year.working_weekend_days] == [date(2026, 8, 22)]


def test_an_announced_day_off_moves_appointments_at_once():
    save_calendar_override(
        CalendarOverride(day=date(2026, 3, 9), kind=OverrideKind.DAY_OFF, note="Bão")
    )

    assert add_working_time(at(2026, 3, 6, 10), 1, "working_day") == at(2026, 3, 10, 10)
    assert any("Bão" in note.reason for note in calendar.days_off(2026).days_off)


def test_an_announced_working_saturday_counts():
    override = save_calendar_override(
        CalendarOverride(day=date(2026, 3, 7), kind=OverrideKind.WORKING_DAY)
    )
    assert add_working_time(at(2026, 3, 6, 16), 2, "hour") == at(2026, 3, 7, 8)

    delete_calendar_override(override)

    assert add_working_time(at(2026, 3, 6, 16), 2, "hour") == at(2026, 3, 9, 8)


def test_an_override_wins_over_a_public_holiday():
    save_calendar_override(CalendarOverride(day=date(2026, 9, 2), kind=OverrideKind.WORKING_DAY))

    assert is_working_day(date(2026, 9, 2))


def test_overrides_are_read_once_per_refresh_period(settings, django_assert_num_queries):
    settings.MOTCUA_CALENDAR_REFRESH_SECONDS = 60
    is_working_day(date(2026, 3, 9))  # loads the table

    with django_assert_num_queries(0):
        for day in range(1, 29):
            add_working_time(at(2026, 2, day, 9), 15, "working_day")
            working_hours_between(at(2026, 2, day, 9), at(2026, 12, 31, 17))


def test_a_change_saved_by_another_process_is_seen_after_the_refresh_period(settings):
    settings.MOTCUA_CALENDAR_REFRESH_SECONDS = 60
    assert is_working_day(date(2026, 3, 9))

    # Another process saves a row: this one keeps its copy until the refresh period is over.
    CalendarOverride.objects.create(day=date(2026, 3, 9), kind=OverrideKind.DAY_OFF)
    assert is_working_day(date(2026, 3, 9))

    settings.MOTCUA_CALENDAR_REFRESH_SECONDS = 0
    assert not is_working_day(date(2026, 3, 9))


def test_working_periods_come_from_settings(settings):
    settings.MOTCUA_WORKING_PERIODS = [("08:00", "12:00"), ("13:00", "17:00")]

    assert next_working_moment(at(2026, 3, 10, 7)) == at(2026, 3, 10, 8)
    assert add_working_time(at(2026, 3, 10, 11), 2, "hour") == at(2026, 3, 10, 14)


def test_holiday_names_follow_the_language():
    with translation.override("en"):
        names = {note.day: note.reason for note in calendar.days_off(2026).days_off}

    assert names[date(2026, 9, 2)] == "National Day"


def test_admins_record_a_day_off_and_deadlines_follow(admin_client):
    response = admin_client.post(
        "/quan-tri/core/calendaroverride/add/",
        {"day": "09/03/2026", "kind": OverrideKind.DAY_OFF, "note": "Nghỉ do bão"},
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert add_working_time(at(2026, 3, 6, 10), 1, "working_day") == at(2026, 3, 10, 10)
    listing = admin_client.get("/quan-tri/core/calendaroverride/")
    assert "Nghỉ do bão" in listing.content.decode()
