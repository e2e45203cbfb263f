"""Staff report pages under /can-bo/thong-ke/: the official table, its drill-down, the 766
indicators; each exports to XLSX (and the table to PDF)."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.desk.access import staff_required
from motcua.org.models import Unit

from . import exports, selectors
from .periods import KINDS, PeriodError, parse

GROUPS = {"don-vi": "unit", "linh-vuc": "field"}
PAGE_SIZE = 50
# The report page shows the province, its departments and districts; a district's row
# links to its own table with its communes (a table of ~30 rows instead of every unit).
PAGE_DEPTH = 1


def _unit_param(request, allowed: set[int] | None) -> int | None:
    """The `don_vi` asked for; 404 for a unit outside the viewer's (never reveal it)."""
    raw = request.GET.get("don_vi")
    if not raw:
        return None
    try:
        unit_id = int(raw)
    except ValueError:
        raise Http404 from None
    if (allowed is not None and unit_id not in allowed) or not Unit.objects.filter(
        pk=unit_id
    ).exists():
        raise Http404
    return unit_id


def _field_param(request) -> int | None:
    raw = request.GET.get("linh_vuc")
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


class _Query:
    """What every report page reads from the query string: period, unit, group."""

    def __init__(self, request):
        self.allowed = selectors.report_unit_ids(request.user)
        self.error = ""
        try:
            self.period = parse(request.GET)
        except PeriodError as error:
            self.error = error.message
            self.period = parse({})
        self.unit_id = _unit_param(request, self.allowed)
        self.scope = selectors.scope_ids(self.allowed, self.unit_id)
        self.group = request.GET.get("nhom") if request.GET.get("nhom") in GROUPS else "don-vi"
        keep = {
            name: request.GET[name]
            for name in ("ky", "nam", "so", "tu", "den")
            if request.GET.get(name)
        }
        if self.error:
            keep = {}
        self.period_qs = urlencode(keep)
        self.units = (
            Unit.objects.all() if self.allowed is None else Unit.objects.filter(pk__in=self.allowed)
        )

    def unit_options(self) -> str:
        """The unit filter's options, joined in Python: a template loop over the province's
        ~150 units cost more than the cached table it filters (docs/benchmarks.md)."""
        units = self.units.order_by("sort_order", "name").values_list("pk", "name")
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((pk, " selected" if pk == self.unit_id else "", name) for pk, name in units),
        )

    def context(self) -> dict:
        return {
            "period": self.period,
            "error": self.error,
            "unit_id": self.unit_id,
            "group": self.group,
            "unit_options": self.unit_options(),
            "kinds": KINDS,
            "period_qs": self.period_qs,
        }


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
def report(request):
    """Biểu 06a (by unit, the tree rolled up) or 07a (by field) for a period."""
    q = _Query(request)
    output = request.GET.get("dinh_dang")
    if q.group == "don-vi":
        first_heading, form_number = _("Đơn vị"), _("Biểu số 06a")
    else:
        first_heading, form_number = _("Lĩnh vực"), _("Biểu số 07a")
    scope_name = q.unit_id and Unit.objects.filter(pk=q.unit_id).values_list("name", flat=True)[0]
    title = scope_name or (
        settings.MOTCUA_PROVINCE_NAME if q.allowed is None else _("Các đơn vị của tôi")
    )
    if output in ("xlsx", "pdf"):
        return _report_file(q, output, first_heading, form_number, title)
    table = selectors.cached_figures(
        (
            "report",
            timezone.localdate(),  # a running period counts up to today
            get_language(),
            q.group,
            q.period_qs,
            q.unit_id,
            None if q.allowed is None else sorted(q.allowed),
        ),
        lambda: _report_table(q, first_heading, form_number),
    )
    context = {
        **q.context(),
        "table": table,
        "form_number": form_number,
        "title": title,
        "formats": ("xlsx", "pdf"),
    }
    return render(request, "stats/report.html", context)


def _report_rows(q: _Query, depth: int | None) -> tuple[list, dict]:
    start, end = q.period.start, q.period.end
    if q.group == "don-vi":
        rows = selectors.report_by_unit(start, end, q.scope, depth)
    else:
        rows = selectors.report_by_field(start, end, q.scope)
    return rows, selectors.total_of(rows)


def _report_table(q: _Query, first_heading: str, form_number: str) -> str:
    """The page's table, rolled up to PAGE_DEPTH, with its drill-down links."""
    rows, total = _report_rows(q, PAGE_DEPTH)
    _add_links(q, rows)
    context = {
        "rows": rows,
        "total_cells": [total[key] for key in selectors.COLUMN_KEYS],
        "columns": selectors.COLUMNS,
        "first_heading": first_heading,
        "form_number": form_number,
        "period": q.period,
    }
    return render_to_string("stats/_report_table.html", context)


def _report_file(q: _Query, output: str, first_heading, form_number, title) -> HttpResponse:
    """The XLSX or PDF of the table, with every unit (not rolled up, not cached)."""
    start, end = q.period.start, q.period.end
    rows, total = _report_rows(q, None)
    stamp = f"{start:%Y%m%d}-{end:%Y%m%d}"
    if output == "xlsx":
        body = exports.table_xlsx(
            f"{form_number} – {title}", q.period.label, first_heading, rows, total
        )
        return _download(body, exports.XLSX_TYPE, f"bao-cao-{q.group}-{stamp}.xlsx")
    for row in rows:
        row.cells = [row.values[key] for key in selectors.COLUMN_KEYS]
        row.indent = range(row.depth)
    root = (
        Unit.objects.filter(pk=q.unit_id).first()
        or Unit.objects.filter(parent__isnull=True).first()
    )
    body = exports.table_pdf(
        {
            "unit_name": root.name if root else settings.MOTCUA_PROVINCE_NAME,
            "parent_unit_name": "",
            "place": settings.MOTCUA_PROVINCE_NAME,
            "issued_at": timezone.now(),
            "title": title,
            "form_number": form_number,
            "first_heading": first_heading,
            "period": q.period,
            "rows": rows,
            "total_cells": [total[key] for key in selectors.COLUMN_KEYS],
        }
    )
    return _download(body, "application/pdf", f"bao-cao-{q.group}-{stamp}.pdf")


def _add_links(q: _Query, rows) -> None:
    """Each row's figures with their drill-down address (`links`), and for a row whose
    lower units are summed in, the address of its own table (`expand`): built once per row
    here, not per cell in the template."""
    base = reverse("stats:drill")
    for row in rows:
        if q.group == "don-vi":
            scope = {"don_vi": row.key}
        else:
            scope = (
                {"don_vi": q.unit_id, "linh_vuc": row.key} if q.unit_id else {"linh_vuc": row.key}
            )
        prefix = f"{base}?{_joined(q.period_qs, urlencode(scope))}&cot="
        row.links = [(row.values[key], prefix + key) for key in selectors.COLUMN_KEYS]
        if row.expandable:
            row.expand = f"?{_joined(q.period_qs, urlencode({'don_vi': row.key}))}"


def _joined(*queries: str) -> str:
    return "&".join(query for query in queries if query)


@staff_required
def drill(request):
    """The dossiers behind one figure of the table (the viewer's units only)."""
    q = _Query(request)
    column = request.GET.get("cot", "")
    if column not in selectors.COLUMN_KEYS:
        raise Http404
    field_id = _field_param(request)
    dossiers = selectors.drill_down(column, q.period.start, q.period.end, q.scope, field_id)
    dossiers = (
        dossiers.select_related("unit", "procedure")
        .only(
            "code",
            "status",
            "applicant_name",
            "received_at",
            "appointment_at",
            "finished_at",
            "unit__name",
            "procedure__name",
            "procedure__code",
        )
        .order_by("received_at", "pk")
    )
    paginator = Paginator(dossiers, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = paginator.get_elided_page_range(page.number)
    times = {}
    if column == "supplements":
        times = selectors.supplement_spans([d.pk for d in page], q.period.start, q.period.end)
    for dossier in page:
        dossier.times = times.get(dossier.pk)
    label = dict(selectors.COLUMNS)[column]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **q.context(),
        "page": page,
        "label": label,
        "column": column,
        "query_string": query.urlencode(),
    }
    return render(request, "stats/drill.html", context)


@staff_required
def indicators(request):
    """Decision 766 indicators with their points for the viewer's units and a period."""
    q = _Query(request)
    scores = selectors.indicators(q.period.start, q.period.end, q.scope)
    if request.GET.get("dinh_dang") == "xlsx":
        body = exports.indicators_xlsx(_("Chỉ số Quyết định 766"), q.period.label, scores)
        stamp = f"{q.period.start:%Y%m%d}-{q.period.end:%Y%m%d}"
        return _download(body, exports.XLSX_TYPE, f"chi-so-766-{stamp}.xlsx")
    return render(
        request, "stats/indicators.html", {**q.context(), "scores": scores, "formats": ("xlsx",)}
    )
