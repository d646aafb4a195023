from django.urls import URLPattern, URLResolver, path

from motcua.citizens import vneid_simulator
from motcua.citizens.views import account, desk, dossiers, submit, vneid

app_name = "citizens"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", account.home, name="home"),
    path("dang-ky/", account.register, name="register"),
    path("dang-nhap/", account.sign_in, name="login"),
    path("dang-xuat/", account.sign_out, name="logout"),
    path("vneid/", vneid.start, name="vneid_start"),
    path("vneid/ve/", vneid.finish, name="vneid_finish"),
    # THE VNeID SIMULATOR's sign-in page (MOTCUA_VNEID=simulator only; 404 otherwise).
    path("vneid-thu-nghiem/", vneid_simulator.page, name="vneid_simulator"),
    path("vneid-thu-nghiem/xa-phuong/", vneid_simulator.communes, name="vneid_sim_communes"),
    path("to-chuc/", account.add_organisation, name="add_organisation"),
    path("kho-du-lieu/", account.data_store, name="data_store"),
    path("kho-du-lieu/<id:pk>/", account.document_file, name="document"),
    path("nop-truc-tuyen/", submit.procedures, name="procedures"),
    path("nop-truc-tuyen/<str:code>/", submit.open_form, name="open_form"),
    path("ho-so-nhap/tao/", submit.new_draft, name="new_draft"),
    path("ho-so-nhap/<id:pk>/", submit.draft_page, name="draft"),
    path("dia-ban/xa-phuong/", submit.address_communes, name="address_communes"),
    path("ho-so/", dossiers.my_dossiers, name="my_dossiers"),
    path("ho-so/<id:pk>/", dossiers.dossier_detail, name="dossier"),
    path("ho-so/<id:pk>/bo-sung/", dossiers.resubmit, name="resubmit"),
    path("ho-so/<id:pk>/van-ban/<id:document_id>/", dossiers.issued_document, name="issued"),
    # For officers: the file a citizen sent for one component (dossier permissions apply).
    path("can-bo/thanh-phan/<id:component_id>/", dossiers.staff_file, name="staff_file"),
    # For receiving officers: verify a citizen's personal ID number after checking the papers.
    path("can-bo/xac-thuc-so-dinh-danh/", desk.verify_identity, name="desk_verify"),
]
