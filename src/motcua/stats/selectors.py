"""Read queries of the reports: the official table (06a by unit, 07a by field), the
Decision 766 indicators and the drill-down lists. Every figure comes from DayCount in one
aggregate query; the units a viewer may see are decided in `report_units` (as the staff
pages decide them: a province admin sees all units, other staff the units of their roles)."""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from time import time_ns

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Field, Offering, OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback
from motcua.org.models import Role, Unit
from motcua.org.selectors import holds_role, staff_unit_ids, unit_tree

from .models import DayCount, Indicator, MonthCount, Outcome, Span, SpanKind, Track
from .periods import figures_end

# The columns of the official table, in its order, with their Vietnamese headings.
COLUMNS = (
    ("received_total", _("Tổng số hồ sơ tiếp nhận")),
    ("received_online", _("Trong kỳ: trực tuyến")),
    ("received_other", _("Trong kỳ: trực tiếp, bưu chính")),
    ("carried", _("Từ kỳ trước chuyển sang")),
    ("resolved_total", _("Đã giải quyết: tổng")),
    ("resolved_early", _("Trước hạn")),
    ("resolved_on_time", _("Đúng hạn")),
    ("resolved_late", _("Quá hạn")),
    ("progress_total", _("Đang giải quyết: tổng")),
    ("progress_in_time", _("Trong hạn")),
    ("progress_late", _("Quá hạn")),
    ("supplements", _("Yêu cầu bổ sung")),
    ("refused", _("Từ chối tiếp nhận")),
    ("withdrawn", _("Rút hồ sơ")),
    ("upheld", _("Phản ánh, kiến nghị có cơ sở")),
)
COLUMN_KEYS = tuple(key for key, _label in COLUMNS)
WORKING_DAY_HOURS = Decimal(8)
NO_DATA = _("chưa có dữ liệu")


# --- who sees what --------------------------------------------------------------------


def report_unit_ids(user) -> set[int] | None:
    """The units whose figures `user` may see: None = all (province admin, superuser)."""
    if user.is_superuser or holds_role(user, Role.PROVINCE_ADMIN):
        return None
    return set(staff_unit_ids(user))


def subtree_ids(root_id: int) -> set[int]:
    """`root_id` and every unit below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [root_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def scope_ids(allowed: set[int] | None, unit_id: int | None) -> set[int] | None:
    """The units a report covers: the viewer's, narrowed to `unit_id`'s subtree."""
    if unit_id is None:
        return allowed
    below = subtree_ids(unit_id)
    return below if allowed is None else below & allowed


# --- cached tables --------------------------------------------------------------------

# The version every cached report table is kept under; `services.bump` (every counter
# change) and `services.rebuild` replace it when their transaction commits.
FIGURES_VERSION_KEY = "stats:figures-version"


def cached_figures(parts: Iterable, build: Callable[[], str]) -> str:
    """What `build()` makes for the key `parts`, kept in the shared cache under the figures'
    version, so a committed status change, payment or upheld complaint shows at the next
    load. Entries also expire after MOTCUA_STATS_CACHE_SECONDS (0: no cache), which bounds
    what no counter sees (a unit or field renamed). Without the shared cache it builds."""
    seconds = settings.MOTCUA_STATS_CACHE_SECONDS
    version = _figures_version() if seconds else None
    if version is None:
        return build()
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()
    key = f"stats:figures:{digest}"
    found = cache.get(key, version=version)
    if found is None:
        found = build()
        cache.set(key, found, seconds, version=version)
    return found


def _figures_version() -> int | None:
    version = cache.get(FIGURES_VERSION_KEY)
    if version is None:
        cache.add(FIGURES_VERSION_KEY, time_ns(), timeout=None)
        version = cache.get(FIGURES_VERSION_KEY)
    return version


# --- the table ------------------------------------------------------------------------


@dataclass
class Row:
    key: int
    label: str
    depth: int = 0
    values: dict = field(default_factory=dict)
    expandable: bool = False  # units below it are summed in, not shown (see report_by_unit)


def _aggregates(before: Q, within: Q) -> dict:
    upto = before | within
    net = (
        F("received_online")
        + F("received_other")
        - F("resolved_early")
        - F("resolved_on_time")
        - F("resolved_late")
        - F("closed")
    )
    out = {"carried": Sum(net, filter=before), "progress_total": Sum(net, filter=upto)}
    for name in (
        "received_online",
        "received_other",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "resolved_hours",
        "supplements",
        "refused",
        "withdrawn",
        "paid",
        "paid_online",
        "returned",
        "e_results",
        "upheld",
    ):
        out[name] = Sum(name, filter=within)
    out["progress_late"] = Sum(F("late_in") - F("late_out"), filter=upto)
    out["waiting"] = Sum(F("paused_in") - F("paused_out"), filter=upto)
    return out


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _parts(start: date, end: date) -> list[tuple[type, Q, Q]]:
    """(table, rows before the period, rows within it): whole months from MonthCount, the
    days of partial months from DayCount (none for month, quarter, 6, 9 months, year)."""
    month_of_start = start.replace(day=1)
    first_full = start if start.day == 1 else _next_month(start)
    after_last_full = (
        _next_month(end) if _next_month(end) - timedelta(days=1) == end else end.replace(day=1)
    )
    nothing = Q(pk__in=[])
    months_within = (
        Q(day__gte=first_full, day__lt=after_last_full) if first_full < after_last_full else nothing
    )
    parts = [(MonthCount, Q(day__lt=month_of_start), months_within)]
    days_before = Q(day__gte=month_of_start, day__lt=start) if start.day != 1 else nothing
    if first_full < after_last_full:
        days_within = Q(day__gte=start, day__lt=first_full) | Q(
            day__gte=after_last_full, day__lte=end
        )
    else:
        days_within = Q(day__gte=start, day__lte=end)
    if start.day != 1 or first_full >= after_last_full or after_last_full <= end:
        parts.append((DayCount, days_before, days_within))
    return parts


def _summed(group: str | None, start: date, end: date, units: set[int] | None) -> dict:
    """Sums per `group` value (None: one total under the key None), over both tables, up
    to today for a running period (nothing for one not begun)."""
    out: dict = {}
    end = figures_end(end)
    if end < start:
        return out
    for model, before, within in _parts(start, end):
        qs = model.objects.filter(before | within)
        if units is not None:
            qs = qs.filter(unit_id__in=units)
        if group is None:
            rows = [{"key": None, **qs.aggregate(**_aggregates(before, within))}]
        else:
            rows = qs.values(group).annotate(**_aggregates(before, within))
        for row in rows:
            key = row.pop("key" if group is None else group)
            _add(out.setdefault(key, {}), row)
    return out


def _complete(values: dict) -> dict:
    values = {key: value or 0 for key, value in values.items()}
    values["received_total"] = (
        values["carried"] + values["received_online"] + values["received_other"]
    )
    values["resolved_total"] = (
        values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
    )
    values["progress_in_time"] = values["progress_total"] - values["progress_late"]
    return values


EMPTY = dict.fromkeys(_aggregates(Q(), Q()), 0)


def sums_by(group: str, start: date, end: date, units: set[int] | None) -> dict[int, dict]:
    """Raw sums per unit_id or field_id for the period (one query per table read)."""
    return _summed(group, start, end, units)


def totals(start: date, end: date, units: set[int] | None) -> dict:
    return _complete({**EMPTY, **_summed(None, start, end, units).get(None, {})})


def _add(into: dict, values: dict) -> None:
    for key, value in values.items():
        into[key] = into.get(key, 0) + (value or 0)


def report_by_unit(
    start: date, end: date, units: set[int] | None, max_depth: int | None = None
) -> list[Row]:
    """One row per unit in tree order; a unit's figures include the units below it that
    the report covers (province → departments / districts → communes). With `max_depth`,
    units deeper than it (the communes under the province's districts at 1) get no row of
    their own: they are summed into the row above, marked `expandable`."""
    sums = sums_by("unit_id", start, end, units)
    rows: list[Row] = []

    def walk(node, depth: int, above: Row | None) -> dict:
        shown = units is None or node.unit.pk in units
        row = None
        if shown and (max_depth is None or depth <= max_depth):
            row = Row(node.unit.pk, node.unit.name, depth)
            rows.append(row)
        elif shown and above is not None:
            above.expandable = True
        total = dict(EMPTY)
        _add(total, sums.get(node.unit.pk, {}))
        for child in node.children:
            _add(total, walk(child, depth + 1 if shown else depth, row or above))
        if row:
            row.values = _complete(total)
        return total

    for root in unit_tree(include_inactive=True):
        walk(root, 0, None)
    return rows


def total_of(rows: list[Row]) -> dict:
    """The total row of a table: the sum of its top rows (the lower rows of the unit table
    are in them already; the field table has only top rows), without another query."""
    total = dict(EMPTY)
    for row in rows:
        if row.depth == 0:
            _add(total, {key: row.values[key] for key in EMPTY})
    return _complete(total)


def report_by_field(start: date, end: date, units: set[int] | None) -> list[Row]:
    sums = sums_by("field_id", start, end, units)
    names = dict(Field.objects.filter(pk__in=sums).values_list("pk", "name"))
    names[0] = str(_("Chưa phân lĩnh vực"))
    rows = [Row(pk, names.get(pk, str(pk)), 0, _complete({**EMPTY, **sums[pk]})) for pk in sums]
    return sorted(rows, key=lambda row: row.label)


# --- Decision 766 ---------------------------------------------------------------------


@dataclass
class Score:
    code: str
    name: str
    rate: Decimal | None  # percent (or working days for 2.2); None: no data
    threshold: Decimal | None
    max_points: Decimal | None
    points: Decimal | None
    unit_label: str = "%"


def points(rate: Decimal, threshold: Decimal, max_points: Decimal) -> Decimal:
    """Full points at or above the threshold, else rate × max / threshold (2 decimals)."""
    if threshold <= 0 or rate >= threshold:
        return max_points
    return (rate * max_points / threshold).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def indicator_rates(start: date, end: date, units: set[int] | None) -> dict[str, tuple]:
    """code → (rate, unit label); rate None when the data does not exist (yet)."""
    t = totals(start, end, units)
    in_time = (
        t["resolved_early"]
        + t["resolved_on_time"]
        + t["progress_total"]
        - t["progress_late"]
        - t["waiting"]
    )
    handled = t["resolved_total"] + t["progress_total"] - t["waiting"]
    average = None
    if t["resolved_total"]:
        average = (Decimal(t["resolved_hours"]) / t["resolved_total"] / WORKING_DAY_HOURS).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    offerings = (
        Offering.objects.all() if units is None else Offering.objects.filter(unit_id__in=units)
    )
    offered = offerings.aggregate(
        all=Count("pk"), online=Count("pk", filter=Q(online_level__gte=OnlineLevel.PARTIAL))
    )
    received = t["received_online"] + t["received_other"]
    return {
        "2.1": (percent(in_time, handled), "%"),
        "2.2": (average, str(_("ngày làm việc"))),
        "3.1": (percent(offered["online"], offered["all"]), "%"),
        "3.3": (percent(t["received_online"], received), "%"),
        "3.6": (percent(t["paid_online"], t["paid"]), "%"),
        "4.1": (percent(t["e_results"], t["returned"]), "%"),
        # 100% − (late rate + rate of upheld feedback), both over the handled dossiers.
        "5.4": (percent(max(in_time - t["upheld"], 0), handled), "%"),
    }


def indicators(start: date, end: date, units: set[int] | None) -> list[Score]:
    rates = indicator_rates(start, end, units)
    scores = []
    for row in Indicator.objects.all():
        rate, label = rates.get(row.code, (None, "%"))
        scored = rate is not None and label == "%"
        scores.append(
            Score(
                row.code,
                row.name,
                rate,
                row.threshold,
                row.max_points,
                points(rate, row.threshold, row.max_points) if scored else None,
                label,
            )
        )
    return scores


# --- drill-down -----------------------------------------------------------------------


def _local_range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def drill_down(
    column: str, start: date, end: date, units: set[int] | None, field_id: int | None = None
) -> QuerySet[Dossier]:
    """The dossiers behind one figure of the table (same units, field and period)."""
    end = figures_end(end)
    if end < start:
        return Dossier.objects.none()
    tracks = Track.objects.all()
    if units is not None:
        tracks = tracks.filter(unit_id__in=units)
    if field_id is not None:
        tracks = tracks.filter(field_id=field_id)
    in_period = Q(received_on__gte=start, received_on__lte=end)
    carried = Q(received_on__lt=start) & (Q(left_on__isnull=True) | Q(left_on__gte=start))
    open_at_end = Q(received_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))
    left_in = Q(left_on__gte=start, left_on__lte=end)
    late_at_end = Exists(
        Span.objects.filter(
            dossier_id=OuterRef("dossier_id"), kind=SpanKind.LATE, start__lte=end
        ).filter(Q(end__isnull=True) | Q(end__gt=end))
    )
    resolved = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
    filters = {
        "refused": left_in & Q(outcome=Outcome.REFUSED),
        "withdrawn": left_in & Q(outcome=Outcome.WITHDRAWN),
        "received_total": carried | in_period,
        "received_online": in_period & Q(online=True),
        "received_other": in_period & Q(online=False),
        "carried": carried,
        "resolved_total": left_in & Q(outcome__in=resolved),
        "resolved_early": left_in & Q(outcome=Outcome.EARLY),
        "resolved_on_time": left_in & Q(outcome=Outcome.ON_TIME),
        "resolved_late": left_in & Q(outcome=Outcome.LATE),
        "progress_total": open_at_end,
        "progress_in_time": open_at_end & ~late_at_end,
        "progress_late": open_at_end & late_at_end,
    }
    if column == "upheld":
        first, after = _local_range(start, end)
        upheld = Feedback.objects.filter(
            upheld=True, answered_at__gte=first, answered_at__lt=after
        ).values("dossier_id")
        ids = tracks.filter(dossier_id__in=upheld).values("dossier_id")
        return Dossier.objects.filter(pk__in=ids)
    if column == "supplements":
        spans = Span.objects.filter(kind=SpanKind.SUPPLEMENT, start__gte=start, start__lte=end)
        ids = tracks.filter(dossier_id__in=spans.values("dossier_id")).values("dossier_id")
        return Dossier.objects.filter(pk__in=ids)
    if column not in filters:
        raise KeyError(column)
    return Dossier.objects.filter(pk__in=tracks.filter(filters[column]).values("dossier_id"))


def supplement_spans(dossier_ids, start: date, end: date) -> dict[int, int]:
    """How many supplement requests each dossier had in the period (the drill-down count)."""
    rows = (
        Span.objects.filter(dossier_id__in=dossier_ids, kind=SpanKind.SUPPLEMENT)
        .filter(start__gte=start, start__lte=end)
        .values("dossier_id")
        .annotate(n=Count("pk"))
    )
    return {row["dossier_id"]: row["n"] for row in rows}


# --- public statistics ----------------------------------------------------------------


def monthly_trend(last_month: date, months: int = 12) -> list[dict]:
    """Received and resolved per month for the `months` months ending with `last_month`'s
    (one query on the month rows); months without dossiers are there with zeros."""
    first = date(last_month.year, last_month.month, 1)
    for _step in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    following = date(last_month.year + last_month.month // 12, last_month.month % 12 + 1, 1)
    rows = (
        MonthCount.objects.filter(day__gte=first, day__lt=following)
        .values("day")
        .annotate(
            online=Sum("received_online"),
            other=Sum("received_other"),
            resolved=Sum(F("resolved_early") + F("resolved_on_time") + F("resolved_late")),
            on_time=Sum(F("resolved_early") + F("resolved_on_time")),
        )
    )
    found = {}
    for row in rows:
        month = row.pop("day")
        found[(month.year, month.month)] = {key: value or 0 for key, value in row.items()}
    out, month = [], first
    while month < following:
        values = found.get(
            (month.year, month.month), {"online": 0, "other": 0, "resolved": 0, "on_time": 0}
        )
        out.append({"month": month, "received": values["online"] + values["other"], **values})
        month = (month + timedelta(days=32)).replace(day=1)
    return out
