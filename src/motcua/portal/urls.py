from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_search, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("co-quan/", views.unit_list, name="units"),
    path("co-quan/<int:unit_id>/", views.unit_detail, name="unit"),
]
