"""Staff pages under /can-bo/: the queue, a dossier with its actions, the forms as PDFs and
the tracking book. Every dossier is read through `visible_dossiers` / `dossier_for_user`
(404 for a dossier of another unit); every action goes through processing.actions.perform."""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
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
from motcua.dossiers.forms import APPLICANT_FIELDS, ApplicantForm
from motcua.dossiers.models import Status
from motcua.dossiers.selectors import dossier_for_user, form_schema, history, slots_with_files
from motcua.dossiers.services import DossierError, SubmissionInvalid
from motcua.processing import selectors
from motcua.processing.actions import perform
from motcua.processing.walk_in import register_walk_in, walk_in_form

from .access import staff_required

PAGE_SIZE = 20  # what the national portal shows per page; pages follow with "Trang sau"


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@staff_required
def queue(request):
    """Dossiers the officer may see, oldest first; by default what their role works on."""
    status_param = request.GET.get("trang_thai", str(selectors.default_queue_status(request.user)))
    status = _int_or_none(status_param)
    unit_id = _int_or_none(request.GET.get("don_vi"))
    q = request.GET.get("q", "")[:64]
    late = request.GET.get("tre_han") == "1"
    source = selectors.queue_source(request.user, status=status, unit_id=unit_id, q=q, late=late)
    page = Paginator(source, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    # Labels translated once per page, not once per row (a choice label is a lazy string).
    labels = {status.value: str(status.label) for status in Status if status != Status.DRAFT}
    context = {
        "page": page,
        "rows": selectors.queue_rows(page.object_list, now),
        "labels": labels,
        "statuses": [(value, f"{value}. {label}") for value, label in labels.items()],
        "units": [(unit.pk, unit.name) for unit in selectors.units_to_choose_from(request.user)],
        "filters": {"status": status_param, "unit": unit_id, "q": q, "late": late},
    }
    return render(request, "desk/queue.html", context)


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
    }
    return render(request, "desk/detail.html", context)


@staff_required
@require_POST
def act(request, pk: int, action: str):
    """Perform one action; a refusal is shown as a message, never a server error."""
    dossier = dossier_for_user(request.user, pk)
    record_audit(AuditAction.CHANGE, dossier, request=request, detail=action)
    try:
        perform(action, dossier.pk, actor=request.user, data=request.POST)
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("desk:detail", pk=dossier.pk)


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
    if data is not None:
        uploads = {slot["id"]: request.FILES.getlist(f"slot-{slot['id']}") for slot in slots}
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
        except DossierError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã tiếp nhận hồ sơ. In giấy tiếp nhận (Mẫu 01)."))
            return redirect("desk:detail", pk=dossier.pk)
    context = {
        "unit": unit,
        "procedure": procedure,
        "applicant_form": ApplicantForm(data=data),
        "eform": build_form(schema, data=data),
        "slots": [{**slot, "errors": errors.get(f"slot-{slot['id']}", [])} for slot in slots],
        "errors": errors,
    }
    return render(request, "desk/walk_in.html", context)
