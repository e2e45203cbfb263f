from django.urls import path

from . import auth_views, views

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("dang-nhap/", auth_views.staff_login, name="login"),
    path("dang-xuat/", auth_views.staff_logout, name="logout"),
    path("xac-thuc/", auth_views.second_factor, name="otp"),
    path("tiep-nhan-nhieu/", views.bulk_receive, name="bulk_receive"),
    path("ho-so/<int:pk>/", views.detail, name="detail"),
    path("ho-so/<int:pk>/thao-tac/<slug:action>/", views.act, name="act"),
    path("ho-so/<int:pk>/tep/<int:file_id>/xem/", views.file_view, name="file_view"),
    path("ho-so/<int:pk>/bieu-mau/<slug:form>.pdf", views.form_pdf, name="form_pdf"),
    path("ho-so/<int:pk>/ket-qua/", views.result, name="result"),
    path("tiep-nhan-truc-tiep/", views.walk_in, name="walk_in"),
    path("so-theo-doi/", views.tracking_book, name="tracking_book"),
    path("bao-mat/", auth_views.security, name="security"),
    path("bao-mat/kich-hoat/", auth_views.security_enrol, name="security_enrol"),
    path("bao-mat/chinh-sach/", auth_views.security_policy, name="security_policy"),
]
