"""Public API of the working-time calendar: appointment dates and the days off of a year."""

import re
from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from motcua.core import calendar

from .schemas import ERROR_RESPONSES

router = Router(tags=["Lịch làm việc"])

# In a query string an unescaped "+" arrives as a space: "16:30:00 07:00" means "+07:00".
_OFFSET_AFTER_SPACE = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


class AppointmentOut(Schema):
    appointment: datetime = Field(description="Ngày giờ hẹn trả, giờ Việt Nam (+07:00).")


class DayOut(Schema):
    date: date
    reason: str


class DaysOffOut(Schema):
    year: int
    days_off: list[DayOut] = Field(
        description="Ngày lễ, Tết và ngày nghỉ được công bố (không liệt kê thứ Bảy, Chủ nhật)."
    )
    working_weekend_days: list[DayOut] = Field(description="Thứ Bảy, Chủ nhật phải làm bù.")


class _BadParameter(Exception):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message


def _invalid(field: str, message: str) -> Status:
    """The 422 body of motcua/api/errors.py, with the calendar's own message."""
    detail = _("Tham số không hợp lệ: %(fields)s.") % {"fields": field}
    return Status(422, {"detail": detail, "errors": [{"field": field, "message": message}]})


def _parse_start(text: str | None) -> datetime:
    """ISO 8601; without an offset the time is Vietnam's."""
    if not text or not text.strip():
        raise _BadParameter("start", _("Bắt buộc phải có."))
    try:
        return datetime.fromisoformat(_OFFSET_AFTER_SPACE.sub(r"\1+\2", text.strip()))
    except ValueError:
        raise _BadParameter(
            "start", _("Phải là ngày giờ ISO 8601, ví dụ 2026-02-13T16:30:00+07:00.")
        ) from None


@router.get(
    "/appointment",
    response={200: AppointmentOut, **ERROR_RESPONSES},
    summary="Tính ngày hẹn trả",
    description=(
        "Ngày giờ hẹn trả khi bắt đầu tính từ `start` với thời hạn `amount` `unit`: "
        "working_day (ngày làm việc, 8 giờ), hour (giờ làm việc), day (ngày lịch), "
        "month (tháng). Bỏ qua thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ được công bố."
    ),
)
def appointment(
    request: HttpRequest,
    start: str | None = None,
    amount: str | None = None,
    unit: str = "working_day",
):
    try:
        begin = _parse_start(start)
        if amount is None or not amount.strip():
            raise _BadParameter("amount", _("Bắt buộc phải có."))
        moment = calendar.add_working_time(begin, amount.strip().replace(",", "."), unit)
    except _BadParameter as error:
        return _invalid(error.field, error.message)
    except calendar.CalendarError as error:
        return _invalid(error.parameter, error.message)
    return {"appointment": moment}


@router.get(
    "/days-off",
    response={200: DaysOffOut, **ERROR_RESPONSES},
    summary="Ngày nghỉ trong năm",
)
def days_off(request: HttpRequest, year: str | None = None):
    if year is None or not year.strip().isdecimal():
        return _invalid("year", _("Phải là số nguyên."))
    try:
        days = calendar.days_off(int(year))
    except calendar.CalendarError as error:
        return _invalid(error.parameter, error.message)
    return {
        "year": int(year),
        "days_off": [{"date": note.day, "reason": note.reason} for note in days.days_off],
        "working_weekend_days": [
            {"date": note.day, "reason": note.reason} for note in days.working_weekend_days
        ],
    }
