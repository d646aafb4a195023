from django.urls import URLPattern, URLResolver, path

from motcua.reports import dashboard, views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("ii06a/", views.ii06a_page, name="ii06a"),
    path("ii07b/", views.ii07b_page, name="ii07b"),
    path("bang-dieu-khien/", dashboard.dashboard, name="dashboard"),
]
