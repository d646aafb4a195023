"""WSGI entry point for gunicorn: `gunicorn motcua.wsgi` (or `motcua serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
application = get_wsgi_application()
