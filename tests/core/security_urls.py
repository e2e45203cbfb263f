"""Views for tests/core/test_security.py: one the site's pages may frame, one they may not."""

from django.http import HttpResponse
from django.urls import path

from motcua.core.security import frameable


def ordinary(request):
    return HttpResponse("ordinary")


@frameable
def viewer(request):
    return HttpResponse("viewer")


urlpatterns = [path("ordinary/", ordinary), path("viewer/", viewer)]
