from django.apps import AppConfig


class PrintsConfig(AppConfig):
    name = "motcua.prints"
    label = "prints"
    verbose_name = "Bản in dài"
