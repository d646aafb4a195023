from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = "Đồng bộ Cổng Dịch vụ công quốc gia"
