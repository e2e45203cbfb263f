from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.report, name="report"),
    path("ho-so/", views.drill, name="drill"),
    path("chi-so-766/", views.indicators, name="indicators"),
]
