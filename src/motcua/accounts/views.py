"""Applicant pages: profile with its API tokens, the address pickers, resending the
verification mail. Sign-up, login and passwords are allauth's views (see forms.py)."""

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .forms import ApiTokenForm, ProfileForm

# The submit button that only refreshes the district/commune lists when JavaScript is off.
REFRESH_UNITS = "_units"


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, plus the no-JavaScript refresh of the address lists."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if REFRESH_UNITS in self.request.POST:
            kwargs["initial"] = kwargs.pop("data").dict()
            kwargs.pop("files", None)
        return kwargs


def _profile_page(request: HttpRequest, form: ProfileForm, **extra) -> HttpResponse:
    context = {
        "form": form,
        "email_verified": selectors.has_verified_email(request.user),
        "tokens": selectors.tokens_of(request.user),
        "token_form": extra.pop("token_form", None) or ApiTokenForm(),
        **extra,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    instance = selectors.applicant_profile(request.user)
    if request.method != "POST":
        return _profile_page(request, ProfileForm(instance=instance))
    if REFRESH_UNITS in request.POST:
        return _profile_page(request, ProfileForm(initial=request.POST.dict(), instance=instance))
    form = ProfileForm(request.POST, instance=instance)
    if not form.is_valid():
        return _profile_page(request, form)
    services.save_applicant_profile(request.user, form.cleaned_data)
    messages.success(request, _("Đã lưu thông tin cá nhân."))
    return redirect("accounts:profile")


@require_GET
def unit_options(request: HttpRequest) -> HttpResponse:
    """The district and commune selects for the province (and district) picked so far."""
    form = ProfileForm(initial=request.GET.dict())
    return render(request, "accounts/includes/unit_selects.html", {"form": form})


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        instance = selectors.applicant_profile(request.user)
        return _profile_page(request, ProfileForm(instance=instance), token_form=form)
    token, key = services.create_api_token(request.user, form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"token": token, "key": key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if not services.revoke_api_token(request.user, token_id):
        raise Http404
    messages.success(request, _("Đã thu hồi khóa truy cập. Khóa này không dùng được nữa."))
    return redirect("accounts:profile")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    """Send the verification mail again to the account's current address."""
    outcome = services.send_email_verification(request, request.user)
    if outcome == services.Verification.NO_EMAIL:
        messages.warning(request, _("Tài khoản chưa có địa chỉ email. Vui lòng thêm email."))
        return redirect("account_email")
    if outcome == services.Verification.ALREADY_VERIFIED:
        messages.info(request, _("Địa chỉ email của bạn đã được xác thực."))
    elif outcome == services.Verification.TOO_SOON:
        messages.info(
            request, _("Thư xác thực vừa được gửi. Vui lòng xem hộp thư, hoặc chờ vài phút.")
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "accounts:profile"
    return redirect(next_url)
