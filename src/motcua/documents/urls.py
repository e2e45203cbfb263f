from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("ho-so/<int:pk>/bieu-mau/<slug:form>.pdf", views.dossier_form, name="dossier_form"),
    path("ho-so/<int:pk>/ket-qua.pdf", views.result, name="result"),
    path("xac-minh/", views.verify, name="verify"),
]
