from django.urls import path

from motcua.bundles import views

app_name = "bundles"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("buoc/<id:pk>/", views.step_record, name="step_record"),
    path("<id:pk>/hoan-thanh/", views.complete, name="complete"),
    path("<id:pk>/cho/", views.wait, name="wait"),
    path("<id:pk>/tra-lai/", views.return_step, name="return_step"),
    path("dieu-kien/", views.waits, name="waits"),
    path("dieu-kien/<id:wait_pk>/xong/", views.clear, name="clear"),
    path("thong-ke/", views.attribution, name="attribution"),
]
