"""Whole-page cache for anonymous visitors of public pages.

A view opts in with ``@public_page`` (API operations with ``decorate_view(public_page)``).
PublicPageCacheMiddleware sits before sessions, CSRF and authentication: a repeated anonymous
GET of such a page is answered from a per-process cache without running the rest of the stack,
the view or the database. This is what lets the home page, the catalogue and its API keep up
with a deadline day on a small machine (docs/benchmarks.md).

What is cached is derived, never state: a page is kept at most ``MOTCUA_PUBLIC_PAGE_SECONDS``
from its rendering, so a catalogue change or the visitor counters show everywhere within that
time. Each process keeps its own copy, and a page one process rendered is put in the shared
cache (Redis, or the database table) for the others, with the moment it expires: a catalogue
of thousands of pages is rendered once per period for the whole deployment, not once per
process (a procedure page is 16 ms of CPU on the bench host; its copy is a fraction of a
millisecond). Logged-in visitors (a session cookie), visitors with a pending message and API
clients with a token always get a fresh page; the language cookie is part of the key. A
response that sets a cookie (a CSRF token, a language change) is never stored, so no visitor
can receive another one's token.

Requests served from the cache still count against their rate-limit scope
(``public_page(scope="api")``): a client over its limit gets the view's own 429 answer.

A small anonymous JSON POST (the dossier lookup, which takes the phone number in its body so
that it never appears in a URL) is keyed by a digest of its body: a found dossier's answer
is repeated for the same code and number within the same time, as it was when the lookup
was a GET; a failed lookup (404) is never stored.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from . import ratelimit
from .middleware import chosen_language

CACHE_ALIAS = "pages"
logger = logging.getLogger(__name__)
_MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
_MARK = "motcua_public_page"
# The largest POST body read here to key a cached answer (a lookup's is under 200 bytes):
# uploads and forms are never read before their view.
MAX_KEYED_BODY = 1024


def public_page(view: Callable | None = None, *, scope: str = "") -> Callable:
    """Mark the view's successful answers to anonymous visitors as the same for everyone.

    `scope`: the rate-limit scope the view enforces, counted again for cached answers."""

    def decorate(function: Callable) -> Callable:
        @wraps(function)
        def wrapper(request, *args, **kwargs):
            response = function(request, *args, **kwargs)
            setattr(response, _MARK, scope)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.MOTCUA_PUBLIC_PAGE_SECONDS
        if not seconds or not _is_anonymous_read(request):
            return self.get_response(request)
        key = _key(request)
        stored = self.cache.get(key) or self._copy_from_shared(key)
        if stored is not None:
            scope, status, headers, content, _expires = stored
            if scope and not ratelimit.hit_request(request, scope).allowed:
                return self.get_response(request)  # the view answers 429 its own way
            return _rebuild(status, headers, content)
        response = self.get_response(request)
        if _is_storable(response):
            scope, headers = getattr(response, _MARK), list(response.items())
            stored = (scope, response.status_code, headers, response.content, time.time() + seconds)
            self.cache.set(key, stored, seconds)
            _shared("set", key, stored, seconds)
        return response

    def _copy_from_shared(self, key: str) -> tuple | None:
        """The page as another process rendered it, kept here too for the rest of its time
        (the entry carries its expiry: no copy outlives the page)."""
        stored = _shared("get", key)
        if stored is None:
            return None
        *_page, expires = stored
        left = expires - time.time()
        if left <= 0:
            return None
        self.cache.set(key, stored, left)
        return stored


def _is_anonymous_read(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    anonymous = (
        settings.SESSION_COOKIE_NAME not in cookies
        and _MESSAGES_COOKIE not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )
    return anonymous and (request.method == "GET" or _is_small_json_post(request))


def _is_small_json_post(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return (
        request.method == "POST"
        and request.content_type == "application/json"
        and 0 < length <= MAX_KEYED_BODY
    )


def _key(request: HttpRequest) -> str:
    """Scheme, host (validated against ALLOWED_HOSTS here), language and full path; for a
    POST, a digest of its body."""
    language = chosen_language(request)
    key = f"{request.scheme}://{request.get_host()}|{language}|{request.get_full_path()}"
    if request.method == "POST":
        key += "|POST|" + hashlib.sha256(request.body).hexdigest()
    return key


def _shared(operation: str, key: str, *args):
    """get or set in the shared cache; out of reach, it is as if it were empty (the page is
    rendered here), as the rate limiter does. The key is hashed: a long query string would
    exceed the length some cache servers accept."""
    try:
        return getattr(caches["default"], operation)(
            "page:" + hashlib.sha256(key.encode()).hexdigest(), *args
        )
    except Exception:
        logger.warning("Shared page cache unavailable", exc_info=True)
        return None


def _is_storable(response: HttpResponse) -> bool:
    if not hasattr(response, _MARK) or response.status_code != 200:
        return False
    # Pages say "Vary: Cookie" as soon as they look at the session (the header shows who is
    # logged in); the cookies that change a page are in the key or bypass the cache.
    return not (response.streaming or response.cookies)


def _rebuild(status: int, headers: list[tuple[str, str]], content: bytes) -> HttpResponse:
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
