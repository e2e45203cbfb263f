from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("nop-ho-so/<str:code>/", views.start, name="start"),
    path("ho-so/", views.mine, name="mine"),
    path("ho-so/<int:pk>/", views.detail, name="detail"),
    path("ho-so/<int:pk>/thong-tin/", views.edit, name="edit"),
    path("ho-so/<int:pk>/tep/", views.files, name="files"),
    path("ho-so/<int:pk>/tep/<int:file_id>/", views.download, name="download"),
    path("ho-so/<int:pk>/tep/<int:file_id>/xoa/", views.remove_file, name="remove_file"),
    path("ho-so/<int:pk>/kiem-tra/", views.check, name="check"),
    path("ho-so/<int:pk>/da-nop/", views.confirmation, name="confirmation"),
    path("ho-so/<int:pk>/xoa/", views.delete_draft, name="delete"),
    path("ho-so/<int:pk>/bo-sung/", views.send_supplement, name="supplement"),
    path("ho-so/<int:pk>/rut/", views.withdraw, name="withdraw"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
