"""Public pages: home, procedure search and page, units. Thin: queries live in selectors."""

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ONLINE_SUBMISSION_LEVEL, OnlineLevel, Procedure
from motcua.catalog.selectors import (
    busiest_fields,
    catalogue_generation,
    catalogue_stats,
    fields_with_counts,
    procedure_detail,
    search_procedures,
    units_of_kind,
    with_units,
)
from motcua.core.pagecache import public_page
from motcua.org.models import Unit

from . import selectors

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
LEVEL_FILTERS = (OnlineLevel.PARTIAL, OnlineLevel.FULL)
HOME_FIELDS = 24


@public_page
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "stats": catalogue_stats(),
            "fields": busiest_fields(HOME_FIELDS),
            "directory": selectors.unit_directory(),
            "online_now": selectors.online_visitor_count(timezone.now()),
            "visits": selectors.visit_count(),
        },
    )


@public_page
def procedure_search(request):
    q = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    invalid = []
    field_id = _positive_int(request.GET, "field", invalid)
    unit_id = _positive_int(request.GET, "unit", invalid)
    level = _positive_int(request.GET, "level", invalid)
    if level is not None and level not in OnlineLevel.values:
        invalid.append("level")
        level = None
    procedures = search_procedures(q, field_id=field_id, unit_id=unit_id, min_level=level)
    page = _paginate(request, with_units(procedures))
    return render(
        request,
        "portal/procedure_search.html",
        {
            "q": q,
            "field_id": field_id,
            "unit_id": unit_id,
            "level": level,
            "invalid_filters": invalid,
            "page": page,
            "fields": fields_with_counts(),
            "units": units_of_kind(),
            # The filter options are a cached fragment (lazy querysets above run on a miss).
            "catalogue_generation": catalogue_generation(),
            "level_filters": LEVEL_FILTERS,
            "query_string": _query_without_page(request),
        },
    )


@public_page
def procedure(request, code: str):
    try:
        if "\x00" in code:  # PostgreSQL refuses NUL in a query: no procedure has one
            raise Procedure.DoesNotExist
        proc = procedure_detail(code)
    except Procedure.DoesNotExist:
        raise Http404(_("Không tìm thấy thủ tục hành chính này.")) from None
    offerings = list(proc.offerings.all())
    accepts_online = any(o.online_level >= ONLINE_SUBMISSION_LEVEL for o in offerings)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": proc,
            "offerings": offerings,
            # The submission app's address; a literal path so this page works without it.
            "apply_url": f"/nop-ho-so/{quote(proc.code, safe='')}/" if accepts_online else "",
        },
    )


@public_page
def unit_list(request):
    return render(request, "portal/unit_list.html", {"directory": selectors.unit_directory()})


@public_page
def unit_detail(request, unit_id: int):
    try:
        unit = selectors.public_unit(unit_id)
    except Unit.DoesNotExist:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị này.")) from None
    q = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    procedures = selectors.unit_procedures(unit.pk, q)
    page = _paginate(request, procedures)
    return render(
        request,
        "portal/unit_detail.html",
        {
            "unit": unit,
            "communes": selectors.unit_children(unit),
            "q": q,
            "page": page,
            "query_string": _query_without_page(request),
        },
    )


def _positive_int(params, name: str, invalid: list[str]) -> int | None:
    """The parameter as a positive integer; None (and noted as invalid) if it is not one."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 18 and int(raw) > 0:
        return int(raw)
    invalid.append(name)
    return None


def _paginate(request, queryset):
    """The requested page (a bad or too large number gives the first or last page), with
    `elided_range` for the pagination links."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.elided_range = page.paginator.get_elided_page_range(page.number)
    return page


def _query_without_page(request) -> str:
    """The current query string without `page`, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
