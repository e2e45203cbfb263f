import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .outage import is_outage, outage_response


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when this node reaches its database and shared cache, else 503."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_answers() -> bool:
    """The shared cache answers (Redis: asked directly, as its reads degrade to misses)."""
    try:
        getattr(cache, "ping", lambda: cache.get("motcua:health"))()
        return True
    except Exception:  # any backend's connection error means the cache is unusable
        return False


@never_cache
@require_GET
def switch_language(request, code: str):
    """The language switcher: a plain link that sets the language cookie and goes back to
    `next` (a page of this site only). A link rather than a form with a CSRF token keeps the
    public pages identical for every anonymous visitor, so they can be cached
    (motcua.core.pagecache); switching the display language changes nothing worth forging."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def server_error(request):
    """handler500: a database or Redis that does not answer is a 503 with Retry-After (a
    page, or JSON under /api/); any other error is the 500 page."""
    if is_outage(sys.exc_info()[1]):
        return outage_response(request)
    return defaults.server_error(request)
