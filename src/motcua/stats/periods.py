"""Report periods: month, quarter, 6 months, 9 months, year, or from–to (inclusive days)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("thang", "quy", "6thang", "9thang", "nam", "khoang")
MAX_DAYS = 366 * 5


class PeriodError(ValueError):
    """`message` is for the user (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    year: int
    number: int

    @property
    def label(self) -> str:
        label = _("Từ ngày %(start)s đến ngày %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }
        until = figures_end(self.end)
        if until < self.end:
            label += " " + _("(số liệu đến hết ngày %(day)s)") % {"day": until.strftime("%d/%m/%Y")}
        return label


def figures_end(end: date) -> date:
    """The last day a period's figures count: today while the period runs. A dossier's late
    day is written ahead (on its appointment's day), so counting past today would show
    dossiers as late before they are."""
    return min(end, timezone.localdate())


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value: str | None, name: str) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise PeriodError(
            _("%(name)s không đúng định dạng ngày (năm-tháng-ngày).") % {"name": name}
        ) from None


def between(start: str | None, end: str | None) -> Period:
    first, last = _date(start, _("Từ ngày")), _date(end, _("Đến ngày"))
    if last < first:
        raise PeriodError(_("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
    if (last - first).days > MAX_DAYS:
        raise PeriodError(_("Khoảng thời gian tối đa là 5 năm."))
    return Period("khoang", first, last, first.year, 0)


def parse(params) -> Period:
    """The period asked for by the query `params` (ky, nam, so, tu, den); the current
    quarter by default."""
    today = timezone.localdate()
    kind = params.get("ky") or "quy"
    if kind not in KINDS:
        raise PeriodError(_("Kỳ báo cáo không hợp lệ."))
    if kind == "khoang":
        return between(params.get("tu"), params.get("den"))
    year = _int(params.get("nam"), today.year)
    if not 2000 <= year <= 2100:
        raise PeriodError(_("Năm báo cáo không hợp lệ."))
    if kind == "thang":
        number = _int(params.get("so"), today.month)
        if not 1 <= number <= 12:
            raise PeriodError(_("Tháng phải từ 1 đến 12."))
        return Period(kind, date(year, number, 1), _month_end(year, number), year, number)
    if kind == "quy":
        number = _int(params.get("so"), (today.month - 1) // 3 + 1)
        if not 1 <= number <= 4:
            raise PeriodError(_("Quý phải từ 1 đến 4."))
        first = 3 * number - 2
        return Period(kind, date(year, first, 1), _month_end(year, first + 2), year, number)
    months = {"6thang": 6, "9thang": 9, "nam": 12}[kind]
    return Period(kind, date(year, 1, 1), _month_end(year, months), year, months)
