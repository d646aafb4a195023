from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "motcua.bundles"
    label = "bundles"
    verbose_name = "Liên thông thủ tục hành chính"
