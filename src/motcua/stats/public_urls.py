from django.urls import path

from . import public_views

app_name = "public_stats"

urlpatterns = [
    path("", public_views.overview, name="overview"),
    path("766/<int:unit_id>/", public_views.unit_766, name="unit_766"),
    path("csv/<slug:table>.csv", public_views.table_csv, name="csv"),
]
