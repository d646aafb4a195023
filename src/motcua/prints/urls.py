from django.urls import URLPattern, path

from motcua.prints import views

app_name = "prints"
urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/tai-ve/", views.job_file, name="file"),
]
