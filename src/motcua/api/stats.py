"""Open statistics API: the official table and the Decision 766 indicators, the same numbers
as the staff and public pages, for every unit (public figures), cacheable."""

from datetime import date

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import Field as PydanticField

from motcua.core.pagecache import public_page
from motcua.org.models import Unit
from motcua.stats import selectors
from motcua.stats.periods import PeriodError, between

from .schemas import ERROR_RESPONSES

router = Router(tags=["Thống kê"])
CACHE_SECONDS = 300


class StatsFilters(Schema):
    from_: date = PydanticField(alias="from", description="Từ ngày (YYYY-MM-DD)")
    to: date = PydanticField(description="Đến ngày (YYYY-MM-DD), tính cả ngày này")
    unit: int | None = PydanticField(None, description="Chỉ đơn vị này và các đơn vị cấp dưới")


class ReportFilters(StatsFilters):
    group: str = PydanticField("unit", pattern="^(unit|field)$", description="unit hoặc field")


class Figures(Schema):
    received_total: int
    received_online: int
    received_other: int
    carried: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    progress_total: int
    progress_in_time: int
    progress_late: int
    supplements: int
    refused: int
    withdrawn: int
    upheld: int = PydanticField(
        description="Phản ánh, kiến nghị về hồ sơ được trả lời là có cơ sở trong kỳ"
    )


class ReportRowOut(Schema):
    id: int
    name: str
    depth: int
    figures: Figures


class ReportOut(Schema):
    date_from: date
    date_to: date
    group: str
    rows: list[ReportRowOut]
    total: Figures


class IndicatorOut(Schema):
    code: str
    name: str
    value: float | None = PydanticField(description="null: chưa có dữ liệu")
    unit: str
    threshold: float
    max_points: float
    points: float | None


class IndicatorsOut(Schema):
    date_from: date
    date_to: date
    indicators: list[IndicatorOut]


def _scope(filters: StatsFilters) -> tuple[date, date, set[int] | None]:
    try:
        period = between(filters.from_.isoformat(), filters.to.isoformat())
    except PeriodError as error:
        raise HttpError(422, error.message) from None
    if filters.unit is not None and not Unit.objects.filter(pk=filters.unit).exists():
        raise Http404(_("Không tìm thấy đơn vị có mã số %(id)s.") % {"id": filters.unit})
    return period.start, period.end, selectors.scope_ids(None, filters.unit)


def _figures(values: dict) -> dict:
    return {key: values[key] for key in selectors.COLUMN_KEYS}


@router.get("/stats/report", response={200: ReportOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"), cache_control(public=True, max_age=CACHE_SECONDS))
def stats_report(request: HttpRequest, filters: Query[ReportFilters]):
    """Tình hình giải quyết hồ sơ (Biểu 06a theo đơn vị, 07a theo lĩnh vực) cho một khoảng."""
    start, end, units = _scope(filters)
    build = selectors.report_by_unit if filters.group == "unit" else selectors.report_by_field
    table = build(start, end, units)
    rows = [
        {"id": row.key, "name": row.label, "depth": row.depth, "figures": _figures(row.values)}
        for row in table
    ]
    total = _figures(selectors.total_of(table))
    return {
        "date_from": start,
        "date_to": end,
        "group": filters.group,
        "rows": rows,
        "total": total,
    }


@router.get("/stats/indicators", response={200: IndicatorsOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"), cache_control(public=True, max_age=CACHE_SECONDS))
def stats_indicators(request: HttpRequest, filters: Query[StatsFilters]):
    """Các chỉ số Quyết định 766 tính được, với điểm (value null: chưa có dữ liệu)."""
    start, end, units = _scope(filters)
    scores = [
        {
            "code": s.code,
            "name": s.name,
            "value": float(s.rate) if s.rate is not None else None,
            "unit": s.unit_label,
            "threshold": float(s.threshold),
            "max_points": float(s.max_points),
            "points": float(s.points) if s.points is not None else None,
        }
        for s in selectors.indicators(start, end, units)
    ]
    return {"date_from": start, "date_to": end, "indicators": scores}
