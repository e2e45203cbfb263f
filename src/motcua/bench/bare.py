"""The framework's own limit on this machine: a Django view returning a fixed short response,
no middleware, no database. Served by gunicorn with the same settings as MotCua:
`gunicorn motcua.bench.bare`."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-view",  # noqa: S106 (no sessions or signing here)
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
