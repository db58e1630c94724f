"""The WSGI application that `rapport serve` and production servers run."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
application = get_wsgi_application()

from rapport.checks import ensure_configured  # noqa: E402 (needs the settings loaded above)

# A server started on its own (gunicorn rapport.wsgi) refuses a misconfiguration too.
ensure_configured()
