from allauth.account.auth_backends import AuthenticationBackend
from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model

from motcua.core.queries import by_pk


class LockoutBackend(AxesStandaloneBackend):
    """axes' lockout check for every login that comes with a request (login page, API).
    Logins without a request (tests' client.login, scripts) are not brute-force attempts
    from outside, so they pass through instead of raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AccountBackend(AuthenticationBackend):
    """allauth's backend (login by username or e-mail); the signed-in user, whom Django reads
    on every request, is read by `core.queries.by_pk`."""

    def get_user(self, user_id):
        user = by_pk(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
