from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("ho-so-ca-nhan/", views.profile, name="profile"),
    path("don-vi-hanh-chinh/", views.unit_options, name="unit_options"),
    path("khoa-api/", views.token_create, name="token_create"),
    path("khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("xac-thuc-email/gui-lai/", views.resend_verification, name="resend_verification"),
]
