"""ASGI entry point, for the real-time endpoints that arrive later."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
application = get_asgi_application()
