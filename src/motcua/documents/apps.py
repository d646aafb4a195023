from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = "Biểu mẫu và văn bản"
