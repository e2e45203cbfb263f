"""The API's error convention, shared by every router.

Every error answer is JSON ``{"detail": "<message in the request's language>"}``; a 422 adds
``"errors": [{"field": "level", "message": "..."}]``. In an endpoint:

- an unknown object: ``raise Http404(_("Không tìm thấy ..."))`` (a bare ``Model.DoesNotExist``
  also becomes a 404; another person's object is "not found" too, never 403);
- any other client error: ``raise HttpError(409, _("..."))`` (ninja.errors.HttpError);
- bad parameters are caught by ninja's validation and turned into a 422 here.

Nothing becomes a 500 unless it is a bug: that one is logged and answered with a generic JSON.
"""

import logging
import math
from functools import partial, wraps

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from motcua.core.outage import is_outage, outage_response
from motcua.core.ratelimit import too_many_requests_message

logger = logging.getLogger("motcua.api")


# pydantic error type -> (message, the error's context key that fills %(n)s).
_MESSAGES = {
    "missing": (gettext_lazy("Bắt buộc phải có."), None),
    "int_parsing": (gettext_lazy("Phải là số nguyên."), None),
    "int_type": (gettext_lazy("Phải là số nguyên."), None),
    "int_from_float": (gettext_lazy("Phải là số nguyên."), None),
    "bool_parsing": (gettext_lazy("Phải là true hoặc false."), None),
    "greater_than_equal": (gettext_lazy("Phải lớn hơn hoặc bằng %(n)s."), "ge"),
    "greater_than": (gettext_lazy("Phải lớn hơn %(n)s."), "gt"),
    "less_than_equal": (gettext_lazy("Phải nhỏ hơn hoặc bằng %(n)s."), "le"),
    "less_than": (gettext_lazy("Phải nhỏ hơn %(n)s."), "lt"),
    "string_too_long": (gettext_lazy("Dài tối đa %(n)s ký tự."), "max_length"),
    "string_too_short": (gettext_lazy("Phải có ít nhất %(n)s ký tự."), "min_length"),
    "json_invalid": (gettext_lazy("Dữ liệu JSON không hợp lệ."), None),
    "model_attributes_type": (gettext_lazy("Dữ liệu JSON không hợp lệ."), None),
    "dict_type": (gettext_lazy("Dữ liệu JSON không hợp lệ."), None),
}


def _field_message(error: dict) -> str:
    """A Vietnamese explanation of one pydantic error (its English text is for developers)."""
    context = error.get("ctx", {})
    if error.get("type") in {"enum", "literal_error"}:
        # pydantic lists the values in English ("'a', 'b' or 'c'").
        values = str(context.get("expected", "")).replace(" or ", ", ")
        return _("Phải là một trong các giá trị: %(values)s.") % {"values": values}
    message, key = _MESSAGES.get(error.get("type"), (gettext_lazy("Giá trị không hợp lệ."), None))
    return str(message % {"n": context.get(key, "")} if key else message)


def _field_name(error: dict) -> str:
    """ "level" rather than ("query", "level"): clients know where they put a parameter."""
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in {"query", "path", "body", "form", "header", "cookie", "file"}:
        location = location[1:]
    return ".".join(location)


def validation_error(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    errors = [
        {"field": _field_name(error), "message": _field_message(error)} for error in exc.errors
    ]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors if e["field"]))
    detail = _("Tham số không hợp lệ: %(fields)s.") % {"fields": fields} if fields else ""
    body = {"detail": detail or _("Yêu cầu không hợp lệ."), "errors": errors}
    return api.create_response(request, body, status=422)


def not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    message = str(exc) if isinstance(exc, Http404) and exc.args else _("Không tìm thấy.")
    return api.create_response(request, {"detail": message}, status=404)


def forbidden(request: HttpRequest, exc: PermissionDenied, *, api: NinjaAPI) -> HttpResponse:
    detail = _("Bạn không có quyền thực hiện thao tác này.")
    return api.create_response(request, {"detail": detail}, status=403)


def http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    """ninja's own errors carry English text: give them Vietnamese messages."""
    if isinstance(exc, Throttled) and exc.wait:
        message = too_many_requests_message(math.ceil(exc.wait))
    elif isinstance(exc, Throttled):
        message = _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau.")
    elif isinstance(exc, AuthenticationError):
        message = _("Bạn cần xác thực (khóa API hoặc đăng nhập) để dùng chức năng này.")
    else:
        message = exc.message
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def refused_request(
    request: HttpRequest, exc: SuspiciousOperation, *, api: NinjaAPI
) -> HttpResponse:
    """A body Django refuses to read (too large, too many parts): the client's doing, not a
    bug. 413 for the size, 400 otherwise."""
    if isinstance(exc, RequestDataTooBig):
        detail = _("Dữ liệu gửi lên quá lớn.")
        return api.create_response(request, {"detail": detail}, status=413)
    if isinstance(exc, TooManyFilesSent):
        detail = _("Yêu cầu có quá nhiều tệp (tối đa %(n)s).") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    elif isinstance(exc, TooManyFieldsSent):
        detail = _("Yêu cầu có quá nhiều trường dữ liệu.")
    else:
        detail = _("Yêu cầu không hợp lệ.")
    return api.create_response(request, {"detail": detail}, status=400)


def server_error(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    """The last resort: a bug, logged with its traceback and answered without internals; or
    a database or Redis not answering, a 503 with Retry-After (core.outage)."""
    if is_outage(exc):
        logger.warning("API %s %s: service unavailable (%s)", request.method, request.path, exc)
        return outage_response(request)
    logger.exception("API error on %s %s", request.method, request.path)
    detail = _("Hệ thống đang gặp sự cố. Vui lòng thử lại sau.")
    return api.create_response(request, {"detail": detail}, status=500)


def install_exception_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (English, or a Django HTML page for bugs)."""
    api.add_exception_handler(ValidationError, partial(validation_error, api=api))
    api.add_exception_handler(Http404, partial(not_found, api=api))
    api.add_exception_handler(ObjectDoesNotExist, partial(not_found, api=api))
    api.add_exception_handler(PermissionDenied, partial(forbidden, api=api))
    api.add_exception_handler(HttpError, partial(http_error, api=api))
    api.add_exception_handler(SuspiciousOperation, partial(refused_request, api=api))
    api.add_exception_handler(Exception, partial(server_error, api=api))


@csrf_exempt  # it changes nothing: a POST gets the same JSON 404, not the CSRF HTML page
def unknown_endpoint(request: HttpRequest, path: str = "") -> JsonResponse:
    """/api/<anything ninja does not route>: a JSON 404, not the portal's HTML page."""
    detail = _("Không có chức năng API nào ở địa chỉ này. Xem danh sách tại /api/docs.")
    return JsonResponse({"detail": detail}, status=404, json_dumps_params={"ensure_ascii": False})


def json_method_errors(urls: tuple) -> tuple:
    """ninja answers a method an address does not take with Django's bare 405: give the
    API's URL patterns (``api.urls``) the JSON error shape instead, `Allow` kept."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        pattern.callback = _json_not_allowed(pattern.callback)
    return patterns, app_name, namespace


def _json_not_allowed(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        detail = _("Địa chỉ này không nhận phương thức %(method)s.") % {"method": request.method}
        answer = JsonResponse(
            {"detail": detail}, status=405, json_dumps_params={"ensure_ascii": False}
        )
        answer["Allow"] = response["Allow"]
        return answer

    return wrapper
