from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """axes' lockout check for every login that comes with a request (login page, API).
    Logins without a request (tests' client.login, scripts) are not brute-force attempts
    from outside, so they pass through instead of raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
