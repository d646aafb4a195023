from django.urls import URLPattern, URLResolver, path

from motcua.portal import views

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("tin/<id:message_id>/gui-lai/", views.replay, name="replay"),
    path("gui-lai-tat-ca/", views.replay_all, name="replay_all"),
]
