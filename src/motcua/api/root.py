"""The one NinjaAPI instance, mounted at /api/ in conf/urls.py.

Each area keeps its endpoints in its own module, motcua/api/<area>.py, as a ``router`` and
registers it below with one ``api.add_router("/v1/", <area>.router)`` line. Conventions every
router follows:
- errors: see motcua/api/errors.py (JSON ``{"detail": ...}``, Vietnamese messages, 404 for
  what the caller may not see, 422 for bad parameters, never a bare 500);
- shared schemas (ids, error bodies, page size): motcua/api/schemas.py;
- every endpoint is rate-limited per client IP (scope "api" of settings.MOTCUA_RATE_LIMITS);
  a router can pass its own ``throttle=RateLimitThrottle("<scope>")`` to add_router.
"""

from datetime import datetime

from django.utils import timezone
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from . import catalog, tokens
from .errors import install_exception_handlers
from .throttle import RateLimitThrottle


class LocalTimeEncoder(NinjaJSONEncoder):
    """Moments in the portal's time zone (2026-02-27T16:30:00+07:00), as people read them."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese text as UTF-8 ("Hộ tịch") rather than \\u escapes; local times."""

    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="MotCua API",
    version="1",
    description="API của Cổng dịch vụ công: danh mục thủ tục hành chính, đơn vị, thống kê.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Utf8JSONRenderer(),
    throttle=[RateLimitThrottle("api")],
)
install_exception_handlers(api)

api.add_router("/v1/", catalog.router)
api.add_router("/v1/auth/", tokens.router)
api.add_router("/v1/calendar", "motcua.api.calendar.router")
api.add_router("/v1/", "motcua.api.desk.router")
api.add_router("/v1/", "motcua.api.dossiers.router")
api.add_router("/v1/", "motcua.api.payments.router")
api.add_router("/v1/", "motcua.api.feedback.router")
api.add_router("/v1/", "motcua.api.surveys.router")
api.add_router("/v1/", "motcua.api.results.router")
api.add_router("/v1/", "motcua.api.stats.router")
