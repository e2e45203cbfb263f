from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("danh-gia/<str:token>/", views.by_link, name="by_link"),
    path("ho-so/<int:pk>/danh-gia/", views.for_owner, name="for_owner"),
    path("danh-gia-hai-long/", views.public_results, name="public_results"),
    path("can-bo/danh-gia-hai-long/", views.staff_results, name="staff_results"),
]
