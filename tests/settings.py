"""Settings for the test run: the app's own, in a throwaway data folder, with a fast hasher."""

import os
import tempfile

# Never the user's real data folder, whatever the shell says.
os.environ["RAPPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="rapport-tests-")

from rapport.settings import *  # noqa: F403

# Argon2 is the app's hasher (tests/apps/test_accounts.py checks it); tests need speed.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background work runs within the request that asks for it, so that a test sees its end; the
# worker itself is tested as a real process (tests/cli/test_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
