"""A backing service that does not answer (the database restarting, Redis down) is an outage,
not a bug: the request is answered 503 with Retry-After, as a page in the visitor's language
or, under /api/, the API's JSON error shape. Django's handler500 (core.views.server_error)
and the API's last-resort handler (api.errors.server_error) both ask `is_outage`."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER_SECONDS = 10
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
OUTAGES = (OperationalError, InterfaceError, *REDIS_DOWN)


def is_outage(error: BaseException | None) -> bool:
    """The error, or one it was raised from, is a backing service not answering."""
    while error is not None:
        if isinstance(error, OUTAGES):
            return True
        error = error.__cause__ or error.__context__
    return False


def outage_message() -> str:
    return _("Hệ thống đang tạm gián đoạn. Vui lòng thử lại sau ít phút.")


def outage_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, else the page (rendered without the request's
    context processors, which may need the database that is down)."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": outage_message()}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
