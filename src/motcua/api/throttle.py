"""ninja throttle backed by motcua.core.ratelimit (shared cache, limits from settings)."""

import threading

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from motcua.core import ratelimit

# ninja asks wait() right after a refusal, in the same thread: the time of that refusal.
_refusal = threading.local()


class RateLimitThrottle(BaseThrottle):
    """Fixed-window limit for one scope of settings.MOTCUA_RATE_LIMITS, per account once the
    endpoint has authenticated the caller (token or session), per client IP otherwise; an
    expensive action (ratelimit.ACTION_SCOPES: submission, upload, login) counts against its
    own limit as well.

    The instance is shared by concurrent requests: the wait of a refusal is kept per thread."""

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def allow_request(self, request: HttpRequest) -> bool:
        scopes = [self.scope, *filter(None, [ratelimit.action_scope(request)])]
        for scope in scopes:
            decision = ratelimit.hit_request(request, scope)
            if not decision.allowed:
                _refusal.wait = decision.retry_after
                return False
        return True

    def wait(self) -> float | None:
        return getattr(_refusal, "wait", None)
