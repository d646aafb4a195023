from django.urls import URLPattern, URLResolver, path

from motcua.control import views

app_name = "control"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("bao-cao/", views.narrative, name="narrative"),
    path("bao-cao/tai-ve.docx", views.download, {"kind": "docx"}, name="download_docx"),
    path("bao-cao/tai-ve.pdf", views.download, {"kind": "pdf"}, name="download_pdf"),
    path("<slug:kind_slug>/moi/", views.entry_form, name="create"),
    path("<slug:kind_slug>/<id:pk>/", views.entry_form, name="edit"),
]
