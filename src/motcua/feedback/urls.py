from django.urls import URLPattern, URLResolver, path

from motcua.feedback import public, views

app_name = "feedback"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("gui/", public.petition_form, name="submit"),
    path("cong-khai/", public.published_list, name="published"),
    path("tra-cuu/", public.follow_up, name="follow_up"),
    path("danh-gia/", public.rate_dossier_page, name="rate"),
    path("ghi-nhan/", views.record_petition, name="record"),
    path("chi-so/", views.indicators, name="indicators"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/<str:name>/", views.act, name="act"),
]
