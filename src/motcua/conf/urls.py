from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from motcua.api.errors import json_method_errors, unknown_endpoint
from motcua.api.root import api
from motcua.core.views import health, switch_language

handler500 = "motcua.core.views.server_error"

urlpatterns = [
    path("ngon-ngu/<str:code>/", switch_language, name="switch_language"),
    path("healthz", health, name="health"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}motcua/favicon.svg")),
    path("quan-tri/", admin.site.urls),
    path("api/", json_method_errors(api.urls)),
    re_path(r"^api/(?P<path>[\s\S]*)$", unknown_endpoint),  # JSON 404 for the rest of /api/
    # Our account pages first (they replace allauth's sign-up), then allauth's.
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("tai-khoan/", include("allauth.urls")),
    path("", include("motcua.feedback.urls")),  # before the desk: /can-bo/phan-anh/
    path("can-bo/thong-ke/", include("motcua.stats.urls")),
    path("can-bo/", include("motcua.desk.urls")),
    path("thong-ke/", include("motcua.stats.public_urls")),
    path("", include("motcua.payments.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("", include("motcua.documents.urls")),
    path("", include("motcua.surveys.urls")),
    path("", include("motcua.dossiers.urls")),
    path("", include("motcua.portal.urls")),
]
