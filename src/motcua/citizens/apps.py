from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "motcua.citizens"
    label = "citizens"
    verbose_name = "Công dân, tổ chức và nộp hồ sơ trực tuyến"
