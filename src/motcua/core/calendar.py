"""The working-time calendar: appointments, deadlines, SLA clocks and pauses.

A working day has the office periods of settings.MOTCUA_WORKING_PERIODS (07:00–11:30 and
13:30–17:00 by default) and counts as MOTCUA_WORKING_DAY_HOURS (8) working hours. Days off are
weekends, the public holidays of the `holidays` package (country VN, with its make-up
Saturdays) and the admin's CalendarOverride rows, which win over both.

Speed: the package's holidays are cached per year and the override table is read at most
once every MOTCUA_CALENDAR_REFRESH_SECONDS per process (sooner in the process that saved a
change), so a list page can compute deadlines for many dossiers with no per-row query.
Arithmetic steps by working periods and whole days, never minute by minute.
"""

import functools
import threading
import time as monotonic_clock
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.core.models import CalendarOverride, OverrideKind

UNITS = ("working_day", "hour", "day", "month")
# Roughly ten years in each unit: enough for any legal deadline, small enough to stay fast.
MAX_AMOUNT = {
    "working_day": Decimal(2500),
    "hour": Decimal(20000),
    "day": Decimal(3660),
    "month": Decimal(120),
}
# Years for which the `holidays` package knows Vietnam's lunar holidays.
FIRST_YEAR, LAST_YEAR = 1990, 2099
# A guard against a misconfigured calendar in which no working day ever comes.
MAX_DAYS_WITHOUT_WORK = 366

_MICROSECOND = timedelta(microseconds=1)
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)
_MICROSECONDS_PER_DAY = Decimal(86_400_000_000)


class CalendarError(ValueError):
    """A request the calendar cannot answer: `message` is for the user (Vietnamese),
    `parameter` names what was wrong ("start", "amount", "unit" or "year")."""

    def __init__(self, message: str, parameter: str):
        super().__init__(message)
        self.message, self.parameter = message, parameter


@dataclass(frozen=True)
class DayNote:
    day: date
    reason: str


@dataclass(frozen=True)
class YearDays:
    """A year's exceptions to the Monday–Friday rule, for display."""

    days_off: list[DayNote]
    working_weekend_days: list[DayNote]


# --- settings ---------------------------------------------------------------------------


@functools.cache
def _parse_periods(raw: tuple[tuple[str, str], ...]) -> tuple[tuple[timedelta, timedelta], ...]:
    """("07:00", "11:30") pairs as offsets from midnight, checked to be ordered and disjoint."""
    periods = []
    previous_end = timedelta(0)
    for start_text, end_text in raw:
        start, end = _offset(start_text), _offset(end_text)
        if not previous_end <= start < end <= timedelta(days=1):
            raise ValueError(f"MOTCUA_WORKING_PERIODS: {start_text}–{end_text} is out of order")
        periods.append((start, end))
        previous_end = end
    if not periods:
        raise ValueError("MOTCUA_WORKING_PERIODS is empty")
    return tuple(periods)


def _offset(hh_mm: str) -> timedelta:
    hours, minutes = hh_mm.split(":")
    return timedelta(hours=int(hours), minutes=int(minutes))


def _periods() -> tuple[tuple[timedelta, timedelta], ...]:
    return _parse_periods(tuple(tuple(pair) for pair in settings.MOTCUA_WORKING_PERIODS))


# --- which days are worked --------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _package_year(year: int, language: str = "vi") -> tuple[dict[date, str], frozenset[date]]:
    """The `holidays` package's days off (with names) and make-up working days of a year."""
    country = holidays.country_holidays("VN", years=year, language=language)
    make_up = frozenset(day for day in country.weekend_workdays if day.year == year)
    return dict(country.items()), make_up


@dataclass(frozen=True)
class _Snapshot:
    """The override table as read at one moment (monotonic clock)."""

    overrides: dict[date, CalendarOverride]
    read_at: float

    def is_working_day(self, day: date) -> bool:
        if override := self.overrides.get(day):
            return override.kind == OverrideKind.WORKING_DAY
        package_days_off, make_up = _package_year(day.year)
        if day in package_days_off:
            return False
        return day in make_up or day.weekday() < 5


_state: dict[str, _Snapshot | None] = {"snapshot": None}
_state_lock = threading.Lock()


def _is_fresh(snapshot: _Snapshot | None) -> bool:
    if snapshot is None:
        return False
    age = monotonic_clock.monotonic() - snapshot.read_at
    return age < settings.MOTCUA_CALENDAR_REFRESH_SECONDS


def _snapshot() -> _Snapshot:
    """The current overrides, re-read when older than MOTCUA_CALENDAR_REFRESH_SECONDS."""
    if _is_fresh(snapshot := _state["snapshot"]):
        return snapshot
    with _state_lock:
        if not _is_fresh(snapshot := _state["snapshot"]):
            read_at = monotonic_clock.monotonic()
            overrides = {row.day: row for row in CalendarOverride.objects.all()}
            snapshot = _state["snapshot"] = _Snapshot(overrides=overrides, read_at=read_at)
    return snapshot


def forget_overrides() -> None:
    """Make this process re-read the override table at the next calculation."""
    _state["snapshot"] = None


def is_working_day(day: date) -> bool:
    return _snapshot().is_working_day(day)


def days_off(year: int) -> YearDays:
    """Holidays and announced days off of a year (weekends only when a holiday falls on
    them), and the weekend days worked instead, in date order."""
    _check_year(year, "year")
    language = "en_US" if (get_language() or "").startswith("en") else "vi"
    package_days_off, make_up = _package_year(year, language)
    overrides = {day: row for day, row in _snapshot().overrides.items() if day.year == year}
    off = {day: name for day, name in package_days_off.items() if day not in overrides}
    worked = {day: _("Làm bù") for day in make_up if day not in overrides}
    for day, row in overrides.items():
        target = worked if row.kind == OverrideKind.WORKING_DAY else off
        target[day] = row.note or row.get_kind_display()
    return YearDays(
        days_off=[DayNote(day, off[day]) for day in sorted(off)],
        working_weekend_days=[DayNote(day, worked[day]) for day in sorted(worked)],
    )


def _working_days_from(snapshot: _Snapshot, day: date) -> Iterator[date]:
    """The working days from `day` on (inclusive), for as long as the caller asks."""
    idle = 0
    while True:
        if snapshot.is_working_day(day):
            idle = 0
            yield day
        else:
            idle += 1
            if idle > MAX_DAYS_WITHOUT_WORK:
                raise CalendarError(
                    _("Lịch làm việc không có ngày làm việc nào sau %(day)s.")
                    % {"day": day.strftime("%d/%m/%Y")},
                    "start",
                )
        day += timedelta(days=1)


def _periods_of(day: date) -> list[tuple[datetime, datetime]]:
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_default_timezone())
    return [(midnight + start, midnight + end) for start, end in _periods()]


# --- moments ----------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    """An aware datetime in the calendar's time zone (a naive one is taken as local time)."""
    zone = timezone.get_default_timezone()
    local = timezone.make_aware(moment, zone) if timezone.is_naive(moment) else moment
    local = local.astimezone(zone)
    _check_year(local.year, "start")
    return local


def _check_year(year: int, parameter: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            _("Lịch làm việc chỉ tính cho các năm từ %(first)s đến %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            parameter,
        )


def _next_working_moment(snapshot: _Snapshot, moment: datetime) -> datetime:
    for day in _working_days_from(snapshot, moment.date()):
        for start, end in _periods_of(day):
            if moment < end:
                return max(moment, start)
    raise AssertionError("unreachable: _working_days_from never ends")


def next_working_moment(moment: datetime) -> datetime:
    """When a clock started at `moment` starts running: `moment` itself inside working hours
    (a period's end is not inside), else the start of the next working period."""
    return _next_working_moment(_snapshot(), _local(moment))


def _add_working(snapshot: _Snapshot, moment: datetime, duration: timedelta) -> datetime:
    """The moment `duration` of working time after `moment` (a working moment) has run out.
    A result may be a period's end (11:30, 17:00): the work is done then, not at the next
    opening."""
    remaining = duration
    if not remaining:
        return moment
    full_day = sum((end - start for start, end in _periods()), timedelta(0))
    for day in _working_days_from(snapshot, moment.date()):
        periods = _periods_of(day)
        if moment <= periods[0][0] and remaining > full_day:
            remaining -= full_day
            continue
        for period_start, period_end in periods:
            if period_end <= moment:
                continue
            begin = max(period_start, moment)
            if remaining <= period_end - begin:
                return begin + remaining
            remaining -= period_end - begin
    raise AssertionError("unreachable: _working_days_from never ends")


def _end_of_next_working_day(snapshot: _Snapshot, moment: datetime) -> datetime:
    """`moment` on a working day; on a day off, the close of the next working day."""
    if snapshot.is_working_day(moment.date()):
        return moment
    day = next(_working_days_from(snapshot, moment.date()))
    return _periods_of(day)[-1][1]


def _add_months(moment: datetime, months: int) -> datetime:
    """Calendar months, keeping the day of month where it exists (31/01 + 1 → 28/02)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    next_month_first = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_first - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def _add_calendar_months(start: datetime, months: Decimal) -> datetime:
    """Whole months, then the fraction of the month that follows (1.5 from 15/01 → 01/03)."""
    whole = int(months)
    base = _add_months(start, whole)
    fraction = months - whole
    if not fraction:
        return base
    month_length = (_add_months(start, whole + 1) - base) // _MICROSECOND
    return base + _microseconds(Decimal(month_length) * fraction)


def _microseconds(amount: Decimal) -> timedelta:
    return timedelta(microseconds=int(amount.to_integral_value(ROUND_HALF_UP)))


def _as_amount(amount: Decimal | float | int | str, unit: str) -> Decimal:
    if unit not in UNITS:
        raise CalendarError(
            _("Đơn vị thời gian không hợp lệ: “%(unit)s”. Dùng một trong: %(units)s.")
            % {"unit": unit, "units": ", ".join(UNITS)},
            "unit",
        )
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite():
        raise CalendarError(_("Thời gian phải là một số, ví dụ 5 hoặc 0.5."), "amount")
    if value < 0:
        raise CalendarError(_("Thời gian không được âm."), "amount")
    if value > MAX_AMOUNT[unit]:
        raise CalendarError(
            _("Thời gian quá lớn: tối đa %(max)s (%(unit)s).")
            % {"max": MAX_AMOUNT[unit], "unit": unit},
            "amount",
        )
    return value


def add_working_time(start: datetime, amount: Decimal | float | int | str, unit: str) -> datetime:
    """The appointment (deadline) for `amount` of `unit` from `start`, in local time.

    The clock starts at next_working_moment(start). Units: "working_day" (× 8 working hours),
    "hour" (working hours), "day" (24-hour calendar days) and "month" (calendar months); for the
    last two an end on a day off moves to the close (17:00) of the next working day. Amounts
    may be fractional. Raises CalendarError on a bad unit, amount or year.
    """
    value = _as_amount(amount, unit)
    snapshot = _snapshot()
    begin = _next_working_moment(snapshot, _local(start))
    if unit in {"working_day", "hour"}:
        hours = value * settings.MOTCUA_WORKING_DAY_HOURS if unit == "working_day" else value
        return _add_working(snapshot, begin, _microseconds(hours * _MICROSECONDS_PER_HOUR))
    if unit == "day":
        end = begin + _microseconds(value * _MICROSECONDS_PER_DAY)
    else:
        end = _add_calendar_months(begin, value)
    return _end_of_next_working_day(snapshot, end)


def working_hours_between(start: datetime, end: datetime) -> Decimal:
    """The working time between two moments, in hours (negative when `end` is earlier):
    time left before a deadline, or the working time a pause took off the clock."""
    begin, finish = _local(start), _local(end)
    if finish < begin:
        return -working_hours_between(end, start)
    snapshot = _snapshot()
    total = timedelta(0)
    day = begin.date()
    while day <= finish.date():
        if snapshot.is_working_day(day):
            for period_start, period_end in _periods_of(day):
                overlap = min(period_end, finish) - max(period_start, begin)
                total += max(overlap, timedelta(0))
        day += timedelta(days=1)
    return Decimal(total // _MICROSECOND) / _MICROSECONDS_PER_HOUR
