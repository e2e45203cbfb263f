"""Staff pages under /can-bo/: the queue, a dossier with its actions, the forms as PDFs and
the tracking book. Every dossier is read through `visible_dossiers` / `dossier_for_user`
(404 for a dossier of another unit); every action goes through processing.actions.perform."""

import hashlib
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from motcua.catalog.eform import build_form, display_values
from motcua.catalog.selectors import search_procedures
from motcua.core.models import AuditAction
from motcua.core.services import record_audit
from motcua.documents.forms import (
    available_forms,
    tracking_book_export,
    tracking_book_rows,
)
from motcua.documents.views import dossier_form, prepare_result
from motcua.dossiers.forms import APPLICANT_FIELDS
from motcua.dossiers.models import Status
from motcua.dossiers.selectors import (
    dossier_file,
    dossier_for_user,
    form_schema,
    history,
    slots_with_files,
)
from motcua.dossiers.services import DossierError, SubmissionInvalid
from motcua.org.models import Role
from motcua.org.selectors import holds_role, staff_roles
from motcua.processing import selectors
from motcua.processing.actions import perform
from motcua.processing.models import DueState
from motcua.processing.services import receive_complete
from motcua.processing.walk_in import (
    WalkInApplicantForm,
    held_files,
    hold,
    register_walk_in,
    release,
    walk_in_form,
)

from .access import staff_required

PAGE_SIZES = (20, 50, 100)  # 20: what the national portal shows per page
QUEUE_SESSION = "desk_queue"  # the last queue's filters and search, for "next dossier"
NEXT_SESSION = "desk_next"  # whether the officer goes on to the next dossier after an action
TABS_SESSION = "desk_tabs"  # bumped by the officer's own actions: their tabs count afresh
SEARCH_CHARS = 64


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


def _queue_filters(request, get=None) -> dict:
    """The queue's filters from the query string (`get`, the request's by default). The search
    text, which may be an ID number (CCCD), is POSTed and kept in the session, never in a URL;
    the page size is kept too."""
    held = request.session.get(QUEUE_SESSION, {})
    get = request.GET if get is None else get
    size = _int_or_none(get.get("so_dong")) or held.get("size")
    return {
        "status": get.get("trang_thai", str(selectors.default_queue_status(request.user))),
        "unit": _int_or_none(get.get("don_vi")),
        "due": get.get("han") if get.get("han") in DueState.values else "",
        "sort": get.get("sap_xep") if get.get("sap_xep") in selectors.SORTS else "han",
        "size": size if size in PAGE_SIZES else PAGE_SIZES[0],
        "q": held.get("q", ""),
    }


def _keep_filters(request, filters: dict) -> None:
    """Kept for "next dossier"; no session write for the same queue, or the default one."""
    held = request.session.get(QUEUE_SESSION)
    if held != filters and (held or filters != _queue_filters(request, get={})):
        request.session[QUEUE_SESSION] = filters


def _query(filters: dict, **changes) -> str:
    """The query string of the queue with `filters` and `changes` (never the search text)."""
    values = {**filters, **changes}
    params = {
        "trang_thai": values["status"],
        "don_vi": values["unit"] or "",
        "han": values["due"],
        "sap_xep": values["sort"],
        "so_dong": values["size"],
    }
    return urlencode({k: v for k, v in params.items() if v != "" or k == "trang_thai"})


def _source(user, filters: dict):
    return selectors.queue_source(
        user,
        status=_int_or_none(filters["status"]),
        unit_id=filters["unit"],
        q=filters["q"],
        due=filters["due"],
        sort=filters["sort"],
    )


def _tab_counts(request, filters: dict, at: datetime) -> selectors.QueueCounts:
    """`selectors.queue_counts`, kept MOTCUA_DESK_TABS_SECONDS (30) per process, user, roles,
    unit, search and the officer's own actions (the search text only hashed: it may be an ID
    number). The counts read every dossier of the officer's work statuses (180 ms for 87,000
    at one unit on PostgreSQL), so reloading the queue costs the page's rows and count only;
    the officer's own actions count afresh at once."""
    parts = (
        request.user.pk,
        sorted(staff_roles(request.user)),
        filters["unit"],
        filters["q"],
        request.session.get(TABS_SESSION, 0),
    )
    key = "desk-tabs:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    cache = caches["local"]
    counts = cache.get(key)
    if counts is None:
        counts = selectors.queue_counts(
            request.user, unit_id=filters["unit"], q=filters["q"], at=at
        )
        cache.set(key, counts, settings.MOTCUA_DESK_TABS_SECONDS)
    return counts


def _counts_afresh(request) -> None:
    request.session[TABS_SESSION] = request.session.get(TABS_SESSION, 0) + 1


@staff_required
def queue(request):
    """Dossiers the officer may see, by appointment; by default what their role works on.
    Tabs count each work status and each due state; a POST sets or clears the search."""
    if request.method == "POST":
        held = request.session.get(QUEUE_SESSION, {})
        request.session[QUEUE_SESSION] = {**held, "q": request.POST.get("q", "")[:SEARCH_CHARS]}
        return redirect(f"{reverse('desk:queue')}?{request.GET.urlencode()}")
    filters = _queue_filters(request)
    _keep_filters(request, filters)
    now = timezone.now()
    counts = _tab_counts(request, filters, now)
    page = Paginator(_source(request.user, filters), filters["size"]).get_page(
        request.GET.get("trang")
    )
    rows = selectors.queue_rows(page.object_list, now)
    leader = holds_role(request.user, Role.LEADER)
    # Labels translated once per page, not once per row (a choice label is a lazy string).
    labels = {status.value: str(status.label) for status in Status if status != Status.DRAFT}
    status = _int_or_none(filters["status"])
    context = {
        "page": page,
        "rows": rows,
        "labels": labels,
        "apologies": selectors.pending_apologies(
            row.pk for row in rows if row.status in selectors.ACTIVE
        )
        if leader
        else set(),
        "selectable": status == Status.NEW and holds_role(request.user, Role.DESK_OFFICER),
        "statuses": [(value, f"{value}. {label}") for value, label in labels.items()],
        "status_tabs": [
            (value, labels[value], counts.total(value), _query(filters, status=value, due=""))
            for value in selectors.WORK_STATUSES
        ],
        "due_tabs": [
            (
                state.value,
                state.label,
                counts.total(status, state.value),
                _query(filters, due=state),
            )
            for state in (DueState.LATE, DueState.DUE_SOON, DueState.IN_TIME)
        ],
        "query": _query(filters),
        "query_all_due": _query(filters, due=""),
        "sorts": [
            ("han", _("Hẹn trả sớm nhất")),
            ("tiep_nhan", _("Tiếp nhận sớm nhất")),
            ("nop", _("Nộp sớm nhất")),
            ("nop_moi", _("Nộp gần đây nhất")),
        ],
        "sizes": [(size, size) for size in PAGE_SIZES],
        "units": [(unit.pk, unit.name) for unit in selectors.units_to_choose_from(request.user)],
        "filters": filters,
    }
    return render(request, "desk/queue.html", context)


def _next_dossier(request, current_pk: int) -> int | None:
    """The first dossier of the officer's last queue other than this one: what they work on
    next (reading the queue's first two rows, with its SQL built once)."""
    filters = request.session.get(QUEUE_SESSION) or _queue_filters(request)
    rows = _source(request.user, filters)[0:2]
    return next((row[0] for row in rows if row[0] != current_pk), None)


@staff_required
@require_POST
def bulk_receive(request):
    """Receive the ticked new online dossiers that are complete; the others are listed."""
    ids = [int(pk) for pk in request.POST.getlist("ho_so") if pk.isdecimal()][:100]
    if not ids:
        messages.error(request, _("Chọn ít nhất một hồ sơ để tiếp nhận."))
    else:
        outcome = receive_complete(ids, actor=request.user)
        _counts_afresh(request)
        if outcome.received:
            messages.success(
                request,
                _("Đã tiếp nhận %(count)s hồ sơ: %(codes)s.")
                % {"count": len(outcome.received), "codes": ", ".join(outcome.received)},
            )
        for message in outcome.skipped:
            messages.warning(request, _("Chưa tiếp nhận %(message)s") % {"message": message})
    return redirect(f"{reverse('desk:queue')}?{request.GET.urlencode()}")


@staff_required
def detail(request, pk: int):
    dossier = dossier_for_user(request.user, pk)
    if dossier.status == Status.DRAFT:
        raise Http404
    record_audit(AuditAction.VIEW, dossier, request=request)
    context = {
        "dossier": dossier,
        "deadline": selectors.deadline_of(dossier),
        "step": selectors.step_label(dossier),
        "actions": selectors.available_actions(request.user, dossier),
        "history": history(dossier),
        "records": selectors.step_records(dossier.pk),
        "slots": slots_with_files(dossier) if dossier.procedure_version_id else [],
        "values": display_values(form_schema(dossier), dossier.values)
        if dossier.procedure_version_id
        else [],
        "apology": selectors.pending_apology(dossier.pk),
        "can_approve_apology": "leader"
        in selectors.roles_by_unit(request.user).get(dossier.unit_id, set()),
        "forms": available_forms(dossier),
        "payment": getattr(dossier, "desk_payment", None),
        "next_pk": _next_dossier(request, dossier.pk),
        "go_next": request.session.get(NEXT_SESSION, False),
    }
    return render(request, "desk/detail.html", context)


@staff_required
@require_POST
def act(request, pk: int, action: str):
    """Perform one action; a refusal is shown as a message, never a server error. With "go on
    to the next dossier" ticked (remembered), a success opens the queue's next dossier."""
    dossier = dossier_for_user(request.user, pk)
    record_audit(AuditAction.CHANGE, dossier, request=request, detail=action)
    go_next = request.POST.get("tiep") == "1"
    if request.session.get(NEXT_SESSION, False) != go_next:
        request.session[NEXT_SESSION] = go_next
    try:
        perform(action, dossier.pk, actor=request.user, data=request.POST)
    except DossierError as error:
        messages.error(request, error.message)
        return redirect("desk:detail", pk=dossier.pk)
    _counts_afresh(request)
    next_pk = _next_dossier(request, dossier.pk) if go_next else None
    if next_pk is None:
        messages.success(request, _("Đã thực hiện thao tác."))
        return redirect("desk:detail", pk=dossier.pk)
    messages.success(
        request,
        _("Đã thực hiện thao tác với hồ sơ %(code)s. Đây là hồ sơ tiếp theo.")
        % {"code": dossier.code},
    )
    return redirect("desk:detail", pk=next_pk)


# What the browser shows itself (its PDF viewer, an image); anything else is downloaded.
INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png")


@staff_required
@xframe_options_sameorigin
def file_view(request, pk: int, file_id: int):
    """A dossier's file for the frame beside its slot on the dossier page: inline, for the
    officers who may see the dossier only (404 otherwise), framed by this site's pages only."""
    item = dossier_file(request.user, pk, file_id)
    record_audit(AuditAction.DOWNLOAD, item.dossier, request=request, detail=item.original_name)
    try:
        content = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        content,
        as_attachment=item.content_type not in INLINE_TYPES,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def form_pdf(request, pk: int, form: str):
    return dossier_form(request, pk, form)


@staff_required
def result(request, pk: int):
    """Upload the dossier's result PDF or make it from the template (documents' view)."""
    return prepare_result(request, pk)


def _date(value: str | None, default: date) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value or "", pattern).date()
        except ValueError:
            continue
    return default


@staff_required
def tracking_book(request):
    """Mẫu 06 for one of the officer's units and a period, as a page, PDF or XLSX."""
    units = selectors.staff_units(request.user)
    today = timezone.localdate()
    unit = units.filter(pk=_int_or_none(request.GET.get("don_vi"))).first() or units.first()
    date_from = _date(request.GET.get("tu"), today - timedelta(days=30))
    date_to = _date(request.GET.get("den"), today)
    if unit is None:
        raise Http404
    dossiers = selectors.tracking_book(request.user, unit.pk, date_from, date_to)
    output = request.GET.get("dinh_dang")
    if output in ("pdf", "xlsx"):
        body, content_type = tracking_book_export(unit, date_from, date_to, dossiers, output)
        response = HttpResponse(body, content_type=content_type)
        name = f"so-theo-doi-{unit.pk}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{output}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "units": units,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "rows": tracking_book_rows(dossiers),
    }
    return render(request, "desk/tracking_book.html", context)


@staff_required
def walk_in(request):
    """Register a walk-in dossier: choose unit and procedure, then type and scan."""
    units = selectors.desk_units(request.user)
    unit = units.filter(pk=_int_or_none(request.GET.get("don_vi"))).first() or units.first()
    if unit is None:
        raise Http404
    code = request.GET.get("thu_tuc", "")
    procedure = search_procedures(unit_id=unit.pk).filter(code=code).first() if code else None
    if procedure is None:
        q = request.GET.get("q", "")[:64]
        procedures = search_procedures(q, unit_id=unit.pk)[:50]
        context = {"units": units, "unit": unit, "procedures": procedures, "q": q}
        return render(request, "desk/walk_in_choose.html", context)
    schema, slots = walk_in_form(procedure)
    errors: dict = {}
    data = request.POST if request.method == "POST" else None
    held_key = f"desk_walk_in_{unit.pk}_{procedure.pk}"
    held = request.session.get(held_key, {}) if data is not None else {}
    if data is not None:
        uploads = {
            slot["id"]: request.FILES.getlist(f"slot-{slot['id']}")
            or held_files(held.get(str(slot["id"])))
            for slot in slots
        }
        try:
            dossier = register_walk_in(
                actor=request.user,
                unit=unit,
                procedure=procedure,
                applicant={name: data.get(name, "") for name in APPLICANT_FIELDS},
                values=data,
                uploads=uploads,
            )
        except SubmissionInvalid as invalid:
            errors = invalid.errors
            held = request.session[held_key] = hold(uploads, held, errors)
        except DossierError as error:
            messages.error(request, error.message)
        else:
            release(request.session.pop(held_key, {}))
            messages.success(request, _("Đã tiếp nhận hồ sơ. In giấy tiếp nhận (Mẫu 01)."))
            return redirect("desk:detail", pk=dossier.pk)
    else:
        release(request.session.pop(held_key, {}))  # a new registration starts empty
    context = {
        "unit": unit,
        "procedure": procedure,
        "applicant_form": WalkInApplicantForm(data=data),
        "eform": build_form(schema, data=data),
        "slots": [
            {
                **slot,
                "errors": errors.get(f"slot-{slot['id']}", []),
                "held": [row["name"] for row in held.get(str(slot["id"]), [])],
            }
            for slot in slots
        ],
        "errors": errors,
    }
    return render(request, "desk/walk_in.html", context)
