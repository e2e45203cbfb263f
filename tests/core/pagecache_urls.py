"""Views for tests/core/test_pagecache.py: public pages that must never be stored."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from motcua.core.pagecache import public_page


@public_page
def sets_a_cookie(request):
    response = HttpResponse("a cookie")
    response.set_cookie("chosen", "1")
    return response


@public_page
def uses_a_csrf_token(request):
    return HttpResponse(f"token {get_token(request)}")


urlpatterns = [
    path("cookie/", sets_a_cookie),
    path("csrf/", uses_a_csrf_token),
]
