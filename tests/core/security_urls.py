"""Views for tests/core/test_security.py and test_privacy.py: one the site's pages may frame,
one they may not, one that fails with personal numbers in its error."""

from django.http import HttpResponse
from django.urls import path

from motcua.core.security import frameable


def ordinary(request):
    return HttpResponse("ordinary")


@frameable
def viewer(request):
    return HttpResponse("viewer")


def broken(request):
    raise ValueError("khong tim thay CCCD 056090001234, dien thoai 0905 123 456")


urlpatterns = [path("ordinary/", ordinary), path("viewer/", viewer), path("broken/", broken)]
