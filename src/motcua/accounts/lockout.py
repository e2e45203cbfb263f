"""django-axes hooks: which account a failed login counts against, and the lockout answer."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core import ratelimit

from . import selectors

LOCKOUT_STATUS = 429


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The lower-case username a login attempt is for, so that typing the email or the
    username counts against the same account (an unknown email counts as typed)."""
    credentials = credentials or {}
    typed = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return selectors.username_for_login(typed.strip())


def client_ip(request: HttpRequest) -> str | None:
    """Axes' client address: the rate limiter's (trusted proxies honoured), None if unknown."""
    return ratelimit.client_ip_or_none(request)


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """JSON for the API, the lockout page (with the way back) for everyone else."""
    message = _(
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút "
        "hoặc đặt lại mật khẩu."
    ) % {"minutes": cooloff_minutes()}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=LOCKOUT_STATUS)
    context = {"message": message, "minutes": cooloff_minutes()}
    return render(request, "account/lockout.html", context, status=LOCKOUT_STATUS)
