"""The one clock Rapport reads.

Use cases take ``now`` as an argument; the views, the commands and the model defaults that
call them read it here, and nowhere else reads the time (ruff's banned-api rule in
pyproject.toml holds that). Tests move this clock, and every view and service with it, by
asking for the ``now`` fixture (tests/conftest.py, time-machine).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return timezone.now()


def local_now() -> datetime:
    """The current moment in the active time zone (the signed-in user's, on a page)."""
    return timezone.localtime(now())


#: For model fields' ``default``: the same clock, as Django's own function, which is how the
#: migrations already name it; pointing them at ``now`` would rebuild every table on SQLite.
model_default = timezone.now
