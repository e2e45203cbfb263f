"""The survey pages: by the signed link of the e-mail (no sign-in), or from "Hồ sơ của tôi";
the results pages for staff (their units) and the public."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _lazy

from motcua.core.pagecache import public_page
from motcua.desk.access import staff_required
from motcua.org.models import Unit
from motcua.org.selectors import staff_unit_ids
from motcua.processing.selectors import is_province_admin, staff_units

from . import results, selectors, services
from .forms import SurveyForm
from .models import Invitation
from .results import ResultsFilterForm


def by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = selectors.invitation_by_token(token)
    except services.SurveyError as error:
        return render(
            request,
            "surveys/closed.html",
            {"message": error.message},
            status=410 if isinstance(error, services.LinkExpired) else 400,
        )
    return _survey(request, invitation)


@login_required
def for_owner(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey(request, selectors.invitation_for_owner(request.user, pk))


def _survey(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if invitation.answered_at is not None:
        message = services.AlreadyAnswered.default_message
        return render(request, "surveys/closed.html", {"message": message}, status=409)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(invitation.pk, form.cleaned_data)
        except services.SurveyError as error:
            return render(request, "surveys/closed.html", {"message": error.message}, status=409)
        return render(request, "surveys/thanks.html", {"dossier": invitation.dossier})
    errors = [(form[name].auto_id, m) for name, messages in form.errors.items() for m in messages]
    context = {"form": form, "dossier": invitation.dossier, "errors": errors}
    return render(request, "surveys/survey.html", context, status=400 if errors else 200)


# --- results -------------------------------------------------------------------------------

GROUP_LABELS = {
    "unit": _lazy("Đơn vị"),
    "field": _lazy("Lĩnh vực"),
    "month": _lazy("Tháng"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _results(request: HttpRequest, template: str, *, units, unit_ids, **extra) -> HttpResponse:
    form = ResultsFilterForm(request.GET or None, units=units)
    filters = form.filters()
    by = request.GET.get("theo", "unit")
    by = by if by in GROUP_LABELS else "unit"
    summary = selectors.survey_summary(filters, unit_ids)
    scored = selectors.scored_dossiers(filters, unit_ids)
    scores = selectors.score_rows(scored, by)
    if request.GET.get("xuat") == "xlsx":
        content = results.workbook(summary, scores, str(GROUP_LABELS[by]), scored)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="ket-qua-danh-gia-hai-long.xlsx"'
        return response
    drawn = results.charts(summary, scores)
    export = request.GET.copy()
    export["xuat"] = "xlsx"
    context = {
        "form": form,
        "summary": summary,
        "scores": scores,
        "by": by,
        "groups": GROUP_LABELS,
        "group_label": GROUP_LABELS[by],
        "charts": drawn,
        "chart_data": [chart.data() for chart in drawn],
        "export_query": export.urlencode(),
        "errors": [(form[n].auto_id, m) for n, ms in form.errors.items() for m in ms],
        **extra,
    }
    return render(request, template, context, status=400 if form.errors else 200)


@staff_required
def staff_results(request: HttpRequest) -> HttpResponse:
    """Results for the officer's units (all units for a province admin)."""
    user = request.user
    everything = is_province_admin(user)
    return _results(
        request,
        "surveys/staff_results.html",
        units=staff_units(user),
        unit_ids=None if everything else staff_unit_ids(user),
    )


@public_page
def public_results(request: HttpRequest) -> HttpResponse:
    return _results(
        request,
        "surveys/public_results.html",
        units=Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
        unit_ids=None,
    )
