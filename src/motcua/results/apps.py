from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "motcua.results"
    label = "results"
    verbose_name = "Kết quả điện tử, ký số và xác minh"
