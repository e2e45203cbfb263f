"""Arithmetic laws of working time, checked on random moments of 2025–2026."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.calendar import add_working_time, is_working_day, working_hours_between

pytestmark = pytest.mark.django_db

FIRST_MOMENT = datetime.fromisoformat("2025-01-01T00:00+07:00")
MINUTES_IN_TWO_YEARS = 2 * 366 * 24 * 60

moments = st.integers(0, MINUTES_IN_TWO_YEARS).map(lambda n: FIRST_MOMENT + timedelta(minutes=n))
# Hours with two decimals (0.01 h = 36 s): exact in microseconds, so equalities are exact.
hours = st.integers(0, 30_000).map(lambda n: Decimal(n) / 100)
positive_hours = st.integers(1, 30_000).map(lambda n: Decimal(n) / 100)
working_units = st.sampled_from(["hour", "working_day"])
calendar_units = st.sampled_from(["day", "month"])

fast = settings(max_examples=100, deadline=None)


def inside_working_hours(moment: datetime) -> bool:
    """On a working day, within a period (its closing minute included: work ends then)."""
    clock = moment.strftime("%H:%M:%S.%f")
    in_period = "07:00" <= clock <= "11:30:00.000000" or "13:30" <= clock <= "17:00:00.000000"
    return is_working_day(moment.date()) and in_period


@fast
@given(start=moments, a=hours, b=hours, unit=working_units)
def test_more_time_never_gives_an_earlier_appointment(start, a, b, unit):
    low, high = sorted([a, b])
    amounts = (low / 8, high / 8) if unit == "working_day" else (low, high)

    assert add_working_time(start, amounts[0], unit) <= add_working_time(start, amounts[1], unit)


@fast
@given(start=moments, amount=hours, unit=working_units)
def test_working_units_end_inside_working_hours(start, amount, unit):
    appointment = add_working_time(start, amount, unit)

    assert inside_working_hours(appointment)
    assert appointment.utcoffset() == timedelta(hours=7)


@fast
@given(start=moments, amount=st.integers(0, 400), unit=calendar_units)
def test_calendar_units_never_end_on_a_day_off(start, amount, unit):
    months = amount % 25 if unit == "month" else amount

    assert is_working_day(add_working_time(start, months, unit).date())


@fast
@given(start=moments, a=hours, b=positive_hours)
def test_adding_a_then_b_equals_adding_a_plus_b(start, a, b):
    step_by_step = add_working_time(add_working_time(start, a, "hour"), b, "hour")

    assert step_by_step == add_working_time(start, a + b, "hour")


@fast
@given(start=moments, amount=hours)
def test_working_hours_between_undoes_adding_hours(start, amount):
    assert working_hours_between(start, add_working_time(start, amount, "hour")) == amount


@fast
@given(start=moments, days=st.integers(0, 60))
def test_a_working_day_is_eight_working_hours(start, days):
    assert add_working_time(start, days, "working_day") == add_working_time(start, days * 8, "hour")
