"""The one NinjaAPI instance; each area adds its router in motcua/api/<area>.py."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="MotCua API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
