"""The survey pages: by the signed link of the e-mail (no sign-in), or from "Hồ sơ của tôi"."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors, services
from .forms import SurveyForm
from .models import Invitation


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
