from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("ho-so/<int:pk>/thanh-toan/<int:fee_id>/", views.pay, name="pay"),
    path("ho-so/<int:pk>/bien-lai/<int:payment_id>.pdf", views.receipt, name="receipt"),
    path("thanh-toan/ve/<slug:provider>/", views.gateway_return, name="return"),
    path("thanh-toan/ipn/<slug:provider>/", views.notification, name="ipn"),
    path("thanh-toan/<str:reference>/", views.result, name="result"),
    path("bien-lai/<str:reference>/<str:token>/", views.verify_receipt, name="verify_receipt"),
    path("can-bo/ho-so/<int:pk>/phi/them/", views.add_fee, name="add_fee"),
    path("can-bo/ho-so/<int:pk>/phi/<int:fee_id>/<slug:action>/", views.fee_action, name="fee"),
    path("can-bo/thanh-toan/", views.day_report, name="day_report"),
    path("sandbox-gateway/paymentv2/vpcpay.html", views.sandbox_pay, name="sandbox_pay"),
    path("sandbox-gateway/merchant_webapi/api/transaction", views.sandbox_api, name="sandbox_api"),
]
