"""The standard forms of a dossier for whoever may see it: the applicant downloads their
receipt (Mẫu 01), supplement request, refusal or apology letter; officers see all five."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from motcua.core.models import AuditAction
from motcua.core.services import record_audit
from motcua.dossiers.selectors import dossier_for_user, lookup_path

from .forms import FormNotAvailable, dossier_form_pdf


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
