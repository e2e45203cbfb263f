"""Who may enter the staff pages: a logged-in person holding a staff role, who has passed
the TOTP second factor when they have a device or the staff policy makes it mandatory."""

from functools import wraps

from django.shortcuts import redirect
from django.urls import reverse

from motcua.processing.selectors import staff_access


def needs_second_factor(user) -> bool:
    # OTPMiddleware adds is_verified(); a user just logged in in this request has none yet.
    if getattr(user, "is_verified", lambda: False)():
        return False
    return staff_access(user).second_factor_due


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not staff_access(request.user).is_staff:
            return redirect(f"{reverse('desk:login')}?next={request.get_full_path()}")
        if needs_second_factor(request.user):
            return redirect(f"{reverse('desk:otp')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper
