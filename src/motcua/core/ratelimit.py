"""A small fixed-window rate limiter shared by the API and public pages.

Limits come from ``settings.MOTCUA_RATE_LIMITS`` (scope -> "N/period", period one of
second/minute/hour/day or s/m/h/d, optionally with a multiplier: "5/10m"). A scope that is
not configured is not limited. Counters live in the shared "default" cache so that every
web node sees the same counts. On Redis one INCR + EXPIRE counts atomically; on the database
cache ``cache.add`` starts a window and ``cache.incr`` counts in it, where two simultaneous
requests may count once, which is acceptable for a limiter.

Usage in a view::

    decision = ratelimit.hit_request(request, "lookup")
    if not decision.allowed:
        ...  # answer 429 with decision.retry_after in a Retry-After header
"""

import hashlib
import ipaddress
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

_PERIOD_SECONDS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the current window ends


def parse_rate(text: str) -> Rate:
    """'120/minute' -> Rate(120, 60); '5/10m' -> Rate(5, 600)."""
    match = _RATE.match(text.lower())
    if not match or match.group(3) not in _PERIOD_SECONDS:
        raise ImproperlyConfigured(f"Invalid rate {text!r}: expected 'N/period', e.g. 60/minute.")
    multiplier = int(match.group(2) or 1)
    period = multiplier * _PERIOD_SECONDS[match.group(3)]
    if period < 1:
        raise ImproperlyConfigured(f"Invalid rate {text!r}: the period must be positive.")
    return Rate(limit=int(match.group(1)), period=period)


def rate_for(scope: str) -> Rate | None:
    text = getattr(settings, "MOTCUA_RATE_LIMITS", {}).get(scope)
    return parse_rate(text) if text else None


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies (``MOTCUA_TRUSTED_PROXY_COUNT``) it is
    the N-th address from the right of X-Forwarded-For, the one our own proxy appended;
    addresses further left are whatever the client claimed and are ignored. "" when unknown
    (a request built in code has no address; axes stores this value as an IP or NULL)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "MOTCUA_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_ip_or_none(request: HttpRequest) -> str | None:
    """client_ip() as a valid address, or None when there is none (test clients, scripts):
    for columns that store IP addresses (axes, the audit trail)."""
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def _increment(key: str, timeout: int) -> int:
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _increment_in_redis(cache, key, timeout)
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a new window
        cache.add(key, 1, timeout)
        return 1


def _increment_in_redis(cache: RedisCache, key: str, timeout: int) -> int:
    """INCR and EXPIRE in one round trip (the cache API's add + incr take three): the limiter
    runs on every API request, including those answered from the page cache."""
    name = cache.make_and_validate_key(key)
    client = cache._cache.get_client(name, write=True)  # Django's RedisCacheClient
    pipeline = client.pipeline(transaction=False)
    pipeline.incr(name)
    pipeline.expire(name, timeout, nx=True)
    count, _expiry_set = pipeline.execute()
    return count


def seconds_left_in_window(period: int) -> int:
    """Windows are aligned on multiples of the period since the epoch."""
    return period - int(time.time()) % period


def hit(scope: str, ident: str) -> Decision:
    """Count one request by `ident` in `scope` and say whether it is within the limit.
    If the cache is unreachable the request is allowed (a limiter must not take the site down)."""
    rate = rate_for(scope)
    if rate is None:
        return Decision(allowed=True, count=0, limit=0, retry_after=0)
    window = int(time.time()) // rate.period
    retry_after = seconds_left_in_window(rate.period)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{window}:{digest}"
    try:
        count = _increment(key, timeout=rate.period + 1)
    except Exception:
        logger.exception("Rate limiter cache unavailable; allowing the request")
        return Decision(allowed=True, count=0, limit=rate.limit, retry_after=0)
    return Decision(
        allowed=count <= rate.limit, count=count, limit=rate.limit, retry_after=retry_after
    )


def _account_id(request: HttpRequest) -> int | None:
    """The logged-in account (session, or an API token once ninja authenticated it); None
    before the authentication middleware has run (the page cache) or for a visitor."""
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def hit_request(request: HttpRequest, scope: str) -> Decision:
    """Count this request against `scope`: per account when logged in, so that the citizens
    behind one office's address do not share a count (with the scope's "<scope>_account"
    limit where one is configured, e.g. "api_account" for integrations), otherwise per client
    address."""
    account = _account_id(request)
    if account is None:
        return hit(scope, f"ip:{client_ip(request)}")
    account_scope = f"{scope}_account"
    return hit(account_scope if rate_for(account_scope) else scope, f"account:{account}")


# Expensive actions: a POST to one of these views (URL names) also counts against the
# action's own limit (settings.MOTCUA_RATE_LIMITS), besides the general ones. Pages are
# counted by ActionRateLimitMiddleware, the API by motcua.api.throttle once it has
# authenticated the token. The dossier lookup counts "lookup" in its own views.
ACTION_SCOPES = {
    "dossiers:check": "submission",
    "desk:walk_in": "submission",
    "api:submit_dossier": "submission",
    "api:submit_at_once": "submission",
    "dossiers:files": "upload",
    "dossiers:supplement": "upload",
    "api:upload_file": "upload",
    "account_login": "login",
    "account_reset_password": "login",
    "accounts:signup": "login",
    "desk:login": "login",
    "desk:otp": "login",
    "api:issue_token": "login",
    "accounts:resend_verification": "verification",
    "account_confirm_email": "verification",
}


def action_scope(request: HttpRequest) -> str | None:
    """The expensive action this request performs, if any (only writes count)."""
    match = getattr(request, "resolver_match", None)
    if request.method in {"GET", "HEAD", "OPTIONS"} or match is None:
        return None
    return ACTION_SCOPES.get(match.view_name)


def too_many_requests_message(retry_after: int) -> str:
    return _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau %(n)s giây.") % {"n": retry_after}


class ActionRateLimitMiddleware:
    """Answers 429 (a page saying when to retry, and Retry-After) to a page's POST beyond its
    action's limit. API requests are left to the API's throttle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        scope = action_scope(request)
        if scope is None or request.resolver_match.namespace == "api":
            return None
        decision = hit_request(request, scope)
        if decision.allowed:
            return None
        context = {"message": too_many_requests_message(decision.retry_after)}
        response = render(request, "429.html", context, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
