from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("cai-dat/", views.preferences, name="preferences"),
    path("<int:pk>/gui-lai/", views.resend, name="resend"),
]
