"""WSGI entry point for gunicorn (`gunicorn nongdan.wsgi`)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nongdan.settings")

application = get_wsgi_application()
# Fail at start-up, not at the first request, when production runs without a SECRET_KEY.
settings.SECRET_KEY  # noqa: B018
