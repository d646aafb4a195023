from django.urls import path

from motcua.postal import views

app_name = "postal"
urlpatterns = [
    path("", views.shipments, name="shipments"),
    path("<id:pk>/xac-nhan/", views.confirm, name="confirm"),
    path("ho-so/<id:dossier_pk>/buu-gui-den/", views.arrival, name="arrival"),
]
