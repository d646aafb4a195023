from django.urls import URLPattern, URLResolver, path, re_path

from motcua.results import views

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.verify_form, name="verify"),
    path("ho-so/<id:pk>/phat-hanh/", views.issue, name="issue"),
    path("ho-so/<id:pk>/chung-thuc/", views.certify, name="certify"),
    path("tai-ve/<id:result_id>/", views.download, name="download"),
    re_path(r"^(?P<token>[A-Za-z0-9_-]{16,64})/$", views.verify_token, name="verify_token"),
]
