from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from motcua.accounts.login_forms import AdminLoginForm, StaffLoginForm
from motcua.api import api
from motcua.core import views as core_views
from motcua.dossiers import urls as dossier_urls
from motcua.dossiers.public import status_page as dossier_status
from motcua.payments.desk_views import desk_urlpatterns as dossier_fee_urls

handler400 = "motcua.core.errors.bad_request"
handler403 = "motcua.core.errors.permission_denied"
handler404 = "motcua.core.errors.page_not_found"
handler500 = "motcua.core.errors.server_error"

admin.site.site_header = "motcua — Quản trị hệ thống Một cửa"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị"
admin.site.login_form = AdminLoginForm  # the guessing limits (accounts/login_limits.py)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=StaffLoginForm
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("api/", api.urls),
    # the dossier's fee pages (payments) first: dossiers' last pattern is "<id:pk>/<str:action>/"
    path("ho-so/", include((dossier_fee_urls + dossier_urls.urlpatterns, "dossiers"))),
    path("tra-cuu/", dossier_status, name="status"),
    path("bao-cao/", include("motcua.reports.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("cong-dan/", include("motcua.citizens.urls")),
    path("xac-minh/", include("motcua.results.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    path("dong-bo/", include("motcua.portal.urls")),
    path("lien-thong/", include("motcua.bundles.urls")),
    path("canh-bao/", include("motcua.alerts.urls")),
    path("kiem-soat/", include("motcua.control.urls")),
    path("buu-chinh/", include("motcua.postal.urls")),
    path("in-an/", include("motcua.prints.urls")),
    path("to-khai/", include("motcua.eforms.urls")),
]
