"""Passwords Rapport must send on the student's behalf, sealed with a key kept apart from the
database (Fernet: AES in CBC mode with an HMAC), so that a copy of the database alone reveals
none of them. The key is ``RAPPORT_CREDENTIALS_KEY`` where set (a deployment's secret
store), else a file made once in the data folder, readable by its owner only."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from rapport.core.errors import RapportError


@cache
def _key() -> bytes:
    if settings.CREDENTIALS_KEY:
        return settings.CREDENTIALS_KEY.encode()
    path = Path(settings.DATA_DIR) / "credentials.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(Fernet.generate_key())
    return path.read_bytes().strip()


def seal(secret: str) -> str:
    return Fernet(_key()).encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return Fernet(_key()).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise RapportError(
            "the saved password cannot be read with this install's key (was the data folder "
            "moved without credentials.key?); connect again"
        ) from None
