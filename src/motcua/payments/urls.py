from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.pay, name="pay"),
    path("thong-bao/", views.callback, name="callback"),
    path("ket-qua/", views.back_from_gateway, name="return"),
    path("bien-lai/<id:payment_id>/", views.receipt, name="receipt"),
    path("thu-nghiem/<str:order_id>/", views.sandbox_page, name="sandbox"),
]
