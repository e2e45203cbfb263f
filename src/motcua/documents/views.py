"""The standard forms of a dossier for whoever may see it: the applicant downloads their
receipt (Mẫu 01), supplement request, refusal or apology letter; officers see all five.
Electronic results: the signed result for its owner and the unit's officers, the
specialist's upload (wrapped by desk's staff check), and the public verification page."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core import ratelimit
from motcua.core.models import AuditAction
from motcua.core.services import record_audit
from motcua.dossiers.selectors import dossier_for_user, lookup_path
from motcua.dossiers.services import DossierError
from motcua.dossiers.uploads import megabytes

from . import selectors, services
from .forms import FormNotAvailable, dossier_form_pdf

logger = logging.getLogger(__name__)


@login_required
def dossier_form(request, pk: int, form: str):
    dossier = dossier_for_user(request.user, pk)
    try:
        lookup_url = request.build_absolute_uri(lookup_path(dossier.code))
        pdf = dossier_form_pdf(form, dossier, lookup_url=lookup_url)
    except FormNotAvailable:
        raise Http404(_("Hồ sơ chưa có biểu mẫu này.")) from None
    record_audit(AuditAction.DOWNLOAD, dossier, request=request, detail=form)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{form}.pdf"'
    return response


def result_response(request: HttpRequest, result, actor=None) -> FileResponse:
    """The signed result as a download (the caller has checked who may have it)."""
    record_audit(
        AuditAction.DOWNLOAD, result.dossier, request=request, actor=actor, detail="ket-qua"
    )
    try:
        content = result.file.open("rb")
    except FileNotFoundError:
        logger.error("Result file of dossier %s is missing from storage", result.dossier_id)
        raise Http404 from None
    return FileResponse(
        content,
        as_attachment=True,
        filename=f"ket-qua-{result.dossier.code}.pdf",
        content_type="application/pdf",
    )


@login_required
def result(request, pk: int):
    """The signed result of a dossier: its applicant and the officers who may see it. An
    applicant who still owes a fee is sent back to the dossier, where the fee is paid."""
    try:
        return result_response(request, selectors.issued_result_for(request.user, pk))
    except selectors.FeeOwed as owed:
        messages.warning(request, owed.message)
        return redirect("dossiers:detail", pk=pk)


@require_POST
def prepare_result(request, pk: int):
    """Upload the result PDF, or make it from the template (desk page; staff checked by
    the desk's wrapper, roles by the service)."""
    dossier = dossier_for_user(request.user, pk)
    record_audit(AuditAction.CHANGE, dossier, request=request, detail="ket-qua")
    try:
        if request.POST.get("action") == "generate":
            services.generate_result(dossier.pk, actor=request.user)
        elif "file" not in request.FILES:
            messages.error(request, _("Chọn tệp kết quả (PDF) để tải lên."))
            return redirect("desk:detail", pk=dossier.pk)
        else:
            services.attach_result(dossier.pk, actor=request.user, upload=request.FILES["file"])
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã lưu tệp kết quả. Kết quả được ký số khi lãnh đạo phê duyệt.")
        )
    return redirect("desk:detail", pk=dossier.pk)


def verify(request):
    """Public: is a PDF (uploaded) or the result of a dossier code genuine?"""
    code = request.GET.get("code", "").strip()[:64]
    context = {"code": code, "max_mb": settings.MOTCUA_MAX_UPLOAD_MB, "errors": []}
    checking = request.method == "POST" or bool(code)
    if not checking:
        return render(request, "documents/verify.html", context)
    decision = ratelimit.hit_request(request, "verify")
    if not decision.allowed:
        context["limited"] = True
        response = render(request, "documents/verify.html", context, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    if request.method == "GET":
        context["verification"] = selectors.verify_code(code)
        return render(request, "documents/verify.html", context)
    upload = request.FILES.get("file")
    problem = upload_problem(upload)
    if problem:
        context["errors"] = [("id_file", problem)]
        return render(request, "documents/verify.html", context, status=400)
    context["verification"] = selectors.verify_file(upload.read())
    return render(request, "documents/verify.html", context)


def upload_problem(upload) -> str:
    """Why a file sent for verification is refused before reading it, or ""."""
    if upload is None or not upload.size:
        return _("Chọn tệp PDF cần xác minh.")
    if upload.size > megabytes(settings.MOTCUA_MAX_UPLOAD_MB):
        return _("Tệp lớn hơn %(mb)s MB.") % {"mb": settings.MOTCUA_MAX_UPLOAD_MB}
    return ""
