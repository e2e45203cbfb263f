from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("danh-gia/<str:token>/", views.by_link, name="by_link"),
    path("ho-so/<int:pk>/danh-gia/", views.for_owner, name="for_owner"),
]
