from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog_list, name="list"),
    path("in/", views.catalog_print, name="print"),
    path("excel/", views.catalog_excel, name="excel"),
    path("cong-khai/", views.publication_counts, name="counts"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
