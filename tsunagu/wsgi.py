"""WSGI entry point for production servers (gunicorn tsunagu.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
application = get_wsgi_application()
