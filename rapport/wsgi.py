"""The WSGI application that `rapport serve` and production servers run."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
application = get_wsgi_application()

from rapport.checks import ensure_configured  # noqa: E402 (needs the settings loaded above)

# A server started on its own (gunicorn rapport.wsgi) refuses a misconfiguration too.
ensure_configured()

# Every page's views, imported before the first request rather than by it: commands leave
# them out of their start-up (rapport.accounts.sections), a server wants them at hand.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
