from django.urls import URLPattern, URLResolver, path

from motcua.reports import dashboard

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("bang-dieu-khien/", dashboard.dashboard, name="dashboard"),
]
