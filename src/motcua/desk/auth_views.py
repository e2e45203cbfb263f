"""Staff login at /can-bo/ (same accounts and lockout as applicants) and the TOTP step."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.processing.models import StaffPolicy
from motcua.processing.selectors import is_province_admin, is_staff_member
from motcua.processing.services import NotPermitted, set_totp_policy

from .access import needs_second_factor, staff_required
from .forms import TokenForm
from .totp import pending_device, totp_qr_svg


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("desk:queue")


def staff_login(request):
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not is_staff_member(user):
            form.add_error(None, _("Tài khoản này không phải tài khoản cán bộ."))
        else:
            login(request, user)
            if needs_second_factor(request.user):
                return redirect(f"{reverse('desk:otp')}?next={_next_url(request)}")
            return redirect(_next_url(request))
    return render(request, "desk/login.html", {"form": form, "next": _next_url(request)})


@login_required(login_url="desk:login")
def second_factor(request):
    """Enter the TOTP code; a person without a confirmed device first scans a new one."""
    if not is_staff_member(request.user):
        return redirect("desk:login")
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    device = confirmed or pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Đã xác thực hai bước."))
            return redirect(_next_url(request))
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": None if device.confirmed else totp_qr_svg(device),
    }
    return render(request, "desk/otp.html", context)


@staff_required
def security(request):
    """The officer's own second factor, and (for a province admin) the staff TOTP policy."""
    context = {
        "has_device": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        "policy": StaffPolicy.current(),
        "can_set_policy": is_province_admin(request.user),
    }
    return render(request, "desk/security.html", context)


@staff_required
@require_POST
def security_enrol(request):
    """Start a voluntary enrolment: the OTP page shows the new device's QR and confirms it."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.info(request, _("Bạn đã kích hoạt xác thực hai bước."))
        return redirect("desk:security")
    pending_device(request.user)
    return redirect(f"{reverse('desk:otp')}?next={reverse('desk:security')}")


@staff_required
@require_POST
def security_policy(request):
    """Make TOTP mandatory for all staff or optional again (province admins only)."""
    required = request.POST.get("require_totp") == "1"
    try:
        set_totp_policy(actor=request.user, required=required)
    except NotPermitted as error:
        messages.error(request, error.message)
        return redirect("desk:security")
    if required:
        messages.success(request, _("Đã bắt buộc xác thực hai bước với mọi cán bộ."))
    else:
        messages.success(request, _("Xác thực hai bước không còn bắt buộc."))
    return redirect("desk:security")


@require_POST
def staff_logout(request):
    logout(request)
    return redirect("desk:login")
