"""Per-view exceptions to the site's Content Security Policy (settings.SECURE_CSP)."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin


def frameable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets pages of our own origin show this view in a frame (an inline document viewer);
    every other origin is still refused. The rest of the policy is the site's."""

    @xframe_options_sameorigin
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        return response

    return wrapper
