"""Public statistics (/thong-ke/): headline figures, by field and by unit, a 12-month trend,
a Decision 766 page per unit, and CSV of the public tables. Same numbers as the API."""

import csv
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.selectors import catalogue_stats
from motcua.core.pagecache import public_page
from motcua.org.models import Unit

from . import selectors
from .periods import PeriodError, parse

TABLES = ("linh-vuc", "don-vi", "xu-huong")


def _year_period(request):
    """This year so far, or the year asked for (?nam=)."""
    try:
        period = parse({"ky": "nam", "nam": request.GET.get("nam") or None})
    except PeriodError:
        raise Http404 from None
    today = timezone.localdate()
    end = min(period.end, today) if period.start <= today else period.end
    return period.start, end, period.year


def _public_rows(rows):
    return [
        {
            "id": row.key,
            "name": row.label,
            "depth": row.depth,
            "received": row.values["received_online"] + row.values["received_other"],
            "online": row.values["received_online"],
            "resolved": row.values["resolved_total"],
            "on_time": row.values["resolved_early"] + row.values["resolved_on_time"],
            "on_time_rate": selectors.percent(
                row.values["resolved_early"] + row.values["resolved_on_time"],
                row.values["resolved_total"],
            ),
        }
        for row in rows
    ]


def _tables(start: date, end: date) -> dict:
    by_unit = [row for row in selectors.report_by_unit(start, end, None) if row.depth <= 1]
    return {
        "fields": _public_rows(selectors.report_by_field(start, end, None)),
        "units": _public_rows(by_unit),
        "trend": selectors.monthly_trend(end),
    }


@public_page
def overview(request):
    start, end, year = _year_period(request)
    tables = _tables(start, end)
    total = selectors.totals(start, end, None)
    rates = selectors.indicator_rates(start, end, None)
    headline = {
        "received": total["received_online"] + total["received_other"],
        "received_online": total["received_online"],
        "resolved": total["resolved_total"],
        "on_time_rate": rates["2.1"][0],
    }
    chart = {
        "trend": {
            "labels": [f"{m['month']:%m/%Y}" for m in tables["trend"]],
            "received": [m["received"] for m in tables["trend"]],
            "resolved": [m["resolved"] for m in tables["trend"]],
        },
        "fields": {
            "labels": [row["name"] for row in tables["fields"][:15]],
            "received": [row["received"] for row in tables["fields"][:15]],
        },
        "names": {"received": _("Tiếp nhận"), "resolved": _("Đã giải quyết")},
    }
    context = {
        "year": year,
        "start": start,
        "end": end,
        "catalogue": catalogue_stats(),
        "headline": headline,
        "chart": chart,
        **tables,
    }
    return render(request, "stats/public.html", context)


@public_page
def unit_766(request, unit_id: int):
    unit = get_object_or_404(Unit, pk=unit_id, is_active=True)
    start, end, year = _year_period(request)
    scores = selectors.indicators(start, end, selectors.subtree_ids(unit.pk))
    chart = {
        "labels": [s.code for s in scores],
        "points": [float(s.points) if s.points is not None else None for s in scores],
        "max": [float(s.max_points) for s in scores],
        "names": {"points": _("Điểm đạt"), "max": _("Điểm tối đa")},
    }
    context = {
        "unit": unit,
        "year": year,
        "start": start,
        "end": end,
        "scores": scores,
        "chart": chart,
    }
    return render(request, "stats/public_766.html", context)


@public_page
def table_csv(request, table: str):
    if table not in TABLES:
        raise Http404
    start, end, year = _year_period(request)
    tables = _tables(start, end)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{table}-{year}.csv"'
    response.write("\ufeff")  # spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    if table == "xu-huong":
        writer.writerow(
            [
                _("Tháng"),
                _("Tiếp nhận"),
                _("Trực tuyến"),
                _("Đã giải quyết"),
                _("Trước hạn, đúng hạn"),
            ]
        )
        for m in tables["trend"]:
            writer.writerow(
                [f"{m['month']:%m/%Y}", m["received"], m["online"], m["resolved"], m["on_time"]]
            )
        return response
    rows = tables["fields" if table == "linh-vuc" else "units"]
    writer.writerow(
        [
            _("Lĩnh vực") if table == "linh-vuc" else _("Đơn vị"),
            _("Tiếp nhận"),
            _("Trực tuyến"),
            _("Đã giải quyết"),
            _("Trước hạn, đúng hạn"),
            _("Tỷ lệ đúng hạn (%)"),
        ]
    )
    for row in rows:
        rate = "" if row["on_time_rate"] is None else row["on_time_rate"]
        writer.writerow(
            [row["name"], row["received"], row["online"], row["resolved"], row["on_time"], rate]
        )
    return response
