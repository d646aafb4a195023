from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from django.urls import register_converter

        from motcua.core.converters import IdConverter

        register_converter(IdConverter, "id")
