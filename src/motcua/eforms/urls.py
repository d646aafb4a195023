from django.urls import URLPattern, path

from motcua.eforms import views

app_name = "eforms"
urlpatterns: list[URLPattern] = [
    path("xa-phuong/", views.communes, name="communes"),
    path("ho-so/<id:pk>/sua/", views.edit, name="edit"),
    path("ho-so/<id:pk>/in/", views.declaration, name="declaration"),
]
