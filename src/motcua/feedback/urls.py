from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("phan-anh/", views.send, name="send"),
    path("phan-anh/da-gui/", views.sent, name="sent"),
    path("phan-anh/tra-cuu/", views.track, name="track"),
    path("hoi-dap/", views.qa, name="qa"),
    path("lien-he/", views.contact, name="contact"),
    path("can-bo/lien-he/", views.edit_contact, name="edit_contact"),
    path("can-bo/phan-anh/", views.staff_list, name="staff_list"),
    path("can-bo/phan-anh/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("can-bo/phan-anh/<int:pk>/tep/<int:file_id>/", views.staff_file, name="staff_file"),
]
