"""Applicant pages: start, fill, upload, check, submit, follow; and the public lookup.
Thin: reads through selectors, writes through services, errors shown beside the fields."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from motcua.accounts.selectors import has_verified_email
from motcua.catalog.eform import build_form, display_values
from motcua.core import ratelimit
from motcua.core.models import AuditAction
from motcua.core.services import record_audit

from . import selectors, services
from .forms import (
    APPLICANT_FIELDS,
    DELIVERY_FIELDS,
    ApplicantForm,
    DeliveryForm,
    ReasonForm,
    UnitChoiceForm,
    UploadForm,
)
from .models import Status

logger = logging.getLogger(__name__)
SYSTEM_FAILURE = _lazy(
    "Chưa nộp được hồ sơ do sự cố hệ thống. Hồ sơ nháp của bạn vẫn được giữ nguyên; "
    "vui lòng thử lại sau ít phút."
)
WITHDRAWABLE = [s for s, targets in services.TRANSITIONS.items() if Status.WITHDRAWN in targets]


def _summary(*forms) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary at the top of a page."""
    return [
        (form[name].auto_id if name in form.fields else "main", message)
        for form in forms
        for name, errors in form.errors.items()
        for message in errors
    ]


@login_required
def start(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.submittable_procedure(code)
    if not has_verified_email(request.user):
        return render(request, "dossiers/verify_email.html", {"procedure": procedure}, status=403)
    units = selectors.receiving_units(procedure)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and len(units) == 1:
        data.setdefault("unit", str(units[0].pk))  # one choice: nothing to ask
    initial = {"unit": selectors.home_unit_id(request.user, list(units))}
    form = UnitChoiceForm(data, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.start_draft(request.user, procedure, form.cleaned_data["unit"])
        except services.DossierError as error:
            messages.error(request, error.message)
        else:
            return redirect("dossiers:edit", dossier.pk)
    context = {"procedure": procedure, "form": form, "units": units, "errors": _summary(form)}
    return render(request, "dossiers/start.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.own_dossier(request.user, pk)
    if not dossier.is_draft:
        return redirect(dossier)
    schema = selectors.form_schema(dossier)
    data = request.POST if request.method == "POST" else None
    initial = {name: getattr(dossier, name) for name in APPLICANT_FIELDS}
    applicant_form = ApplicantForm(data, initial=initial, prefix="nguoi_nop")
    choices = selectors.delivery_choices(dossier, selectors.offered_level(dossier))
    delivery_form = DeliveryForm(
        data,
        initial={
            **{name: getattr(dossier, name) for name in DELIVERY_FIELDS},
            "result_delivery": dossier.result_delivery or choices[0],
        },
        prefix="nhan_kq",
        choices=choices,
    )
    eform = build_form(schema, data, initial=dossier.values)
    if request.method == "POST":
        services.save_draft(
            dossier.pk,
            request.user,
            applicant=_prefixed(request.POST, "nguoi_nop", APPLICANT_FIELDS),
            values=_typed_values(schema, request.POST),
            delivery=_prefixed(request.POST, "nhan_kq", DELIVERY_FIELDS),
        )
        if request.POST.get("action") == "draft":
            messages.success(
                request, _("Đã lưu nháp. Bạn có thể quay lại tiếp tục bất cứ lúc nào.")
            )
            return redirect("dossiers:edit", dossier.pk)
        if all(form.is_valid() for form in (applicant_form, delivery_form, eform)):
            return redirect("dossiers:files", dossier.pk)
    context = {
        "dossier": dossier,
        "applicant_form": applicant_form,
        "delivery_form": delivery_form,
        "eform": eform,
        "errors": _summary(applicant_form, delivery_form, eform) if data else [],
    }
    return render(request, "dossiers/edit.html", context)


def _prefixed(post, prefix: str, names: list[str]) -> dict:
    return {name: post.get(f"{prefix}-{name}", "") for name in names}


def _typed_values(schema: list[dict], post) -> dict:
    values = {}
    for entry in schema:
        name = entry["name"]
        values[name] = name in post if entry.get("type") == "checkbox" else post.get(name, "")
    return values


@login_required
def files(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload slots of a draft (or, at status 5, the supplement)."""
    dossier = selectors.own_dossier(request.user, pk)
    if dossier.status not in (Status.DRAFT, Status.SUPPLEMENT):
        return redirect(dossier)
    slot_errors: dict[int, list[str]] = {}
    if request.method == "POST":
        slot_errors = _upload(request, dossier)
        if not slot_errors:
            messages.success(request, _("Đã tải tệp lên."))
            return redirect("dossiers:files", dossier.pk)
    slots = [
        {**slot, "errors": slot_errors.get(slot["id"], [])}
        for slot in selectors.slots_with_files(dossier)
    ]
    errors = [(f"slot-{slot['id']}", m) for slot in slots for m in slot["errors"]]
    context = {
        "dossier": dossier,
        "slots": slots,
        # Listed after the documents everyone sends (the real form must not come 7th).
        "case_slots": any(slot.get("condition") for slot in slots),
        "errors": errors,
        "upload_form": UploadForm(),
    }
    return render(request, "dossiers/files.html", context, status=400 if errors else 200)


def _upload(request: HttpRequest, dossier) -> dict[int, list[str]]:
    try:
        document_id = int(request.POST.get("document", ""))
    except ValueError:
        return {0: [_("Thành phần hồ sơ không tồn tại.")]}
    uploads = request.FILES.getlist("files")
    if not uploads:
        return {document_id: [_("Chọn ít nhất một tệp để tải lên.")]}
    problems = []
    for upload in uploads:
        try:
            services.attach_file(dossier.pk, request.user, document_id=document_id, upload=upload)
        except services.DossierError as error:
            problems.append(error.message)
    return {document_id: problems} if problems else {}


@login_required
@require_POST
def remove_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    try:
        services.remove_file(pk, request.user, file_id)
    except services.DossierError as error:
        messages.error(request, error.message)
    return redirect("dossiers:files", pk)


@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """'Check your answers', and the submit button (POST)."""
    dossier = selectors.own_dossier(request.user, pk)
    if not dossier.is_draft:
        return redirect("dossiers:confirmation", dossier.pk)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            services.submit(dossier.pk, request.user)
        except services.SubmissionInvalid as invalid:
            errors = invalid.errors
        except services.DossierError as error:
            messages.error(request, error.message)
        except DatabaseError:
            logger.exception("Submitting dossier %s failed", dossier.pk)
            messages.error(request, SYSTEM_FAILURE)
            return render(request, "dossiers/check.html", _answers(dossier, {}), status=503)
        else:
            return redirect("dossiers:confirmation", dossier.pk)
    return render(
        request, "dossiers/check.html", _answers(dossier, errors), status=400 if errors else 200
    )


def _answers(dossier, errors: dict[str, list[str]]) -> dict:
    applicant = ApplicantForm(instance=dossier)
    edit_url = reverse("dossiers:edit", args=[dossier.pk])
    files_url = reverse("dossiers:files", args=[dossier.pk])
    summary = [
        (files_url if name.startswith("slot-") else edit_url, message)
        for name, messages_ in errors.items()
        for message in messages_
    ]
    return {
        "dossier": dossier,
        "applicant": [(applicant[name].label, getattr(dossier, name)) for name in APPLICANT_FIELDS],
        "values": display_values(selectors.form_schema(dossier), dossier.values),
        "slots": selectors.slots_with_files(dossier),
        "errors": summary,
    }


@login_required
def confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.own_dossier(request.user, pk)
    if dossier.is_draft:
        return redirect("dossiers:check", dossier.pk)
    return render(request, "dossiers/confirmation.html", {"dossier": dossier})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    dossiers = list(selectors.my_dossiers(request.user))
    drafts = [d for d in dossiers if d.is_draft]
    submitted = [d for d in dossiers if not d.is_draft]
    return render(request, "dossiers/mine.html", {"drafts": drafts, "submitted": submitted})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_user(request.user, pk)
    if dossier.is_draft:
        return redirect("dossiers:edit", dossier.pk)
    record_audit(AuditAction.VIEW, dossier, request=request)
    context = {
        "dossier": dossier,
        "values": display_values(selectors.form_schema(dossier), dossier.values),
        "slots": selectors.slots_with_files(dossier),
        "history": selectors.history(dossier),
        "is_owner": dossier.applicant_id == request.user.pk,
        "can_withdraw": dossier.status in WITHDRAWABLE,
        "collection": selectors.collection(dossier)
        if dossier.status == Status.DONE and dossier.collects_at_desk
        else None,
        "reason_form": ReasonForm(),
    }
    return render(request, "dossiers/detail.html", context)


@login_required
@require_POST
def delete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.delete_draft(pk, request.user)
    except services.DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa hồ sơ nháp."))
    return redirect("dossiers:mine")


@login_required
@require_POST
def send_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.send_supplement(pk, request.user, note=request.POST.get("note", ""))
    except services.SubmissionInvalid as invalid:
        for message in invalid.errors.get("files", []):
            messages.error(request, message)
        return redirect("dossiers:files", pk)
    except services.DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gửi hồ sơ bổ sung."))
    return redirect("dossiers:detail", pk)


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.own_dossier(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(dossier.pk, request.user, reason=form.cleaned_data["reason"])
        except services.DossierError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi yêu cầu rút hồ sơ."))
        return redirect("dossiers:detail", dossier.pk)
    context = {"dossier": dossier, "form": form, "errors": _summary(form)}
    return render(request, "dossiers/withdraw.html", context, status=400 if form.errors else 200)


@login_required
def download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    item = selectors.dossier_file(request.user, pk, file_id)
    record_audit(AuditAction.DOWNLOAD, item.dossier, request=request, detail=item.original_name)
    try:
        content = item.file.open("rb")
    except FileNotFoundError:
        logger.error("Dossier file %s is missing from storage", item.pk)
        raise Http404 from None
    return FileResponse(
        content,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Public: status and dates by code + phone or ID number; no personal data shown.
    POSTed, so that ID numbers never end up in URLs, browser history or access logs."""
    code, contact = request.POST.get("ma", ""), request.POST.get("lien_he", "")
    if request.method != "POST":
        code = request.GET.get("ma", "")  # from a receipt's QR code: the code only
    context = {"code": code[:64], "contact": contact[:32], "searched": request.method == "POST"}
    status = 200
    if context["searched"]:
        decision = ratelimit.hit_request(request, "lookup")
        if not decision.allowed:
            context["limited"] = True
            response = render(request, "dossiers/lookup.html", context, status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response
        context["dossier"] = selectors.lookup(code[:64], contact[:32])
        status = 200 if context["dossier"] else 404
    return render(request, "dossiers/lookup.html", context, status=status)
