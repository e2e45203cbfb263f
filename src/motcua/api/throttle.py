"""ninja throttle backed by motcua.core.ratelimit (shared cache, limits from settings)."""

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from motcua.core import ratelimit


class RateLimitThrottle(BaseThrottle):
    """Fixed-window limit per client IP for one scope of settings.MOTCUA_RATE_LIMITS.

    The instance is shared by concurrent requests, so it keeps no per-request state: the wait
    is the time left in the current window, the same for every client of the scope."""

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def allow_request(self, request: HttpRequest) -> bool:
        return ratelimit.hit_request(request, self.scope).allowed

    def wait(self) -> float | None:
        rate = ratelimit.rate_for(self.scope)
        return ratelimit.seconds_left_in_window(rate.period) if rate else None
