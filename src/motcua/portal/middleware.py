"""Visitor counters for the home page ("Đang online", "Số lượt truy cập")."""

import logging
import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

VISITOR_COOKIE = "motcua_visitor"
_VALID_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PRESENCE_THROTTLE_SECONDS = 60
_PRUNE_EVERY_SECONDS = 300
_SKIPPED_PREFIXES = ("/api/", "/quan-tri/", "/i18n/", "/favicon")


class VisitorCounterMiddleware:
    """Records each visitor's presence for HTML page GETs (not static files, API or admin).

    State lives in the database; the per-process "local" cache only throttles the presence
    write to one per visitor per PRESENCE_THROTTLE_SECONDS in each process (shorter
    than the online window, so nobody drops out of "Đang online" while active)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.throttle = caches["local"]

    def __call__(self, request):
        if not _is_page_view(request):
            return self.get_response(request)
        visitor_key = request.COOKIES.get(VISITOR_COOKIE, "")
        is_new_cookie = not _VALID_KEY.match(visitor_key)
        if is_new_cookie:
            visitor_key = secrets.token_urlsafe(18)
        self._record(visitor_key)
        response = self.get_response(request)
        if is_new_cookie:
            response.set_cookie(
                VISITOR_COOKIE,
                visitor_key,
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def _record(self, visitor_key: str) -> None:
        """Counting must never cost the visitor the page: a database error is only logged."""
        try:
            self._record_and_prune(visitor_key)
        except DatabaseError:
            logger.warning("Visitor counters not updated", exc_info=True)

    def _record_and_prune(self, visitor_key: str) -> None:
        now = timezone.now()
        if self.throttle.add(f"presence:{visitor_key}", 1, PRESENCE_THROTTLE_SECONDS):
            services.record_presence(visitor_key, now)
        if self.throttle.add("presence:prune", 1, _PRUNE_EVERY_SECONDS):
            services.prune_presence(now)


def _is_page_view(request) -> bool:
    """A browser asking for an HTML page: a GET that accepts text/html, outside static/api/admin."""
    path = request.path_info
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("Accept", "")
        and not path.startswith((settings.STATIC_URL, *_SKIPPED_PREFIXES))
    )
