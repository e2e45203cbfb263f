"""Whole-page cache for anonymous visitors of public pages.

A view opts in with ``@public_page`` (API operations with ``decorate_view(public_page)``).
PublicPageCacheMiddleware sits before sessions, CSRF and authentication: a repeated anonymous
GET of such a page is answered from a per-process cache without running the rest of the stack,
the view or the database. This is what lets the home page, the catalogue and its API keep up
with a deadline day on a small machine (docs/benchmarks.md).

What is cached is derived, never state: every process (on every node) renders its own copy
and keeps it at most ``MOTCUA_PUBLIC_PAGE_SECONDS``, so a catalogue change or the visitor
counters show everywhere within that time. Logged-in visitors (a session cookie), visitors
with a pending message and API clients with a token always get a fresh page; the language
cookie is part of the key. A response that sets a cookie (a CSRF token, a language change)
is never stored, so no visitor can receive another one's token.

Requests served from the cache still count against their rate-limit scope
(``public_page(scope="api")``): a client over its limit gets the view's own 429 answer.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from . import ratelimit
from .middleware import chosen_language

CACHE_ALIAS = "pages"
_MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
_MARK = "motcua_public_page"


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
        stored = self.cache.get(key)
        if stored is not None:
            scope, status, headers, content = stored
            if scope and not ratelimit.hit_request(request, scope).allowed:
                return self.get_response(request)  # the view answers 429 its own way
            return _rebuild(status, headers, content)
        response = self.get_response(request)
        if _is_storable(response):
            scope = getattr(response, _MARK)
            stored = (scope, response.status_code, list(response.items()), response.content)
            self.cache.set(key, stored, seconds)
        return response


def _is_anonymous_read(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and _MESSAGES_COOKIE not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str:
    """Scheme, host (validated against ALLOWED_HOSTS here), language and full path."""
    language = chosen_language(request)
    return f"{request.scheme}://{request.get_host()}|{language}|{request.get_full_path()}"


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
