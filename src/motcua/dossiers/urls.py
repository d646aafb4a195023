from django.urls import path

from motcua.dossiers import desk, intake, views

# The fee pages of a dossier (thu-phi/, bien-lai/<n>/, same namespace) are the payments app's:
# motcua/urls.py puts payments/desk_views.desk_urlpatterns before these.
app_name = "dossiers"
urlpatterns = [
    path("", desk.dossier_list, name="queue"),
    path("excel/", desk.export, name="export"),
    path("tiep-nhan/", intake.intake_form, name="intake"),
    path("tiep-nhan/thu-tuc/", intake.procedure_options, name="intake_procedures"),
    path("tiep-nhan/xa-phuong/", views.address_communes, name="address_communes"),
    path("so-theo-doi/", views.tracking_book, name="tracking_book"),
    path("<id:pk>/van-ban/<id:document_id>/", views.issued_document, name="document"),
    path("<id:pk>/du-thao/<id:opinion_id>/", views.draft, name="draft"),
    path("<id:pk>/phieu-kiem-soat/", views.control_slip, name="control_slip"),
    path("<id:pk>/phieu-tra-ket-qua/", views.return_slip, name="return_slip"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/<str:action>/", views.act, name="act"),
]
