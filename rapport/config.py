"""Reading Rapport's configuration: small, pure helpers that settings.py calls.

Everything here takes the environment as a mapping, so tests pass a plain dict.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(ValueError):
    """A setting in the environment has a value Rapport cannot use; the message names it."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """Return the boolean setting ``name``; accepts 1/0, true/false, yes/no, on/off."""
    if name not in env:
        return default
    word = env[name].strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={env[name]!r}: expected true or false")


def envint(env: Mapping[str, str], name: str, default: int) -> int:
    """Return the integer setting ``name``."""
    if name not in env:
        return default
    try:
        return int(env[name])
    except ValueError:
        raise ConfigError(f"{name}={env[name]!r}: expected a whole number") from None


def envlist(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """Return the comma-separated setting ``name`` as a list of non-empty items."""
    if name not in env:
        return default
    return [item.strip() for item in env[name].split(",") if item.strip()]


def envsecret(env: Mapping[str, str], name: str) -> str | None:
    """Return the secret ``name``, read from the file named by ``NAME_FILE`` when that is set."""
    path = env.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return env.get(name) or None


def sqlite_config(path: Path) -> dict[str, Any]:
    """Return Django's settings for a SQLite file: WAL, a busy timeout, immediate transactions."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep each server thread's connection instead of reopening it for every request.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # Writers wait for each other instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # FULL, not NORMAL: notes about people are irreplaceable and writes are few.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        },
    }


def postgres_config(url: str) -> dict[str, Any]:
    """Return Django's settings for a ``postgresql://user:password@host:port/name?opt=v`` URL."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ConfigError(f"DATABASE_URL={redact(url)!r}: the URL names no database")
    options: dict[str, Any] = dict(parse_qsl(parts.query))
    options.setdefault("connect_timeout", 5)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def database_config(url: str | None, data_dir: Path) -> dict[str, Any]:
    """Return the ``default`` database: SQLite in the data folder unless ``url`` says otherwise."""
    if not url:
        return sqlite_config(data_dir / "rapport.sqlite3")
    scheme = urlsplit(url).scheme
    if scheme in {"postgres", "postgresql"}:
        return postgres_config(url)
    if scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy reads them.
        path = unquote(urlsplit(url).path)[1:]
        if not path:
            raise ConfigError("DATABASE_URL=sqlite:///PATH needs a file path")
        return sqlite_config(Path(path))
    raise ConfigError(
        f"DATABASE_URL={redact(url)!r}: unsupported scheme {scheme!r}; use postgresql:// or sqlite://"
    )


def redact(url: str) -> str:
    """Return ``url`` with its password replaced, fit for an error message."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def prepare_data_dir(path: Path) -> Path:
    """Create the data folder if needed, readable by its owner only, and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def private_file(path: Path) -> None:
    """Make the SQLite file readable by its owner only, creating it so if it is not there:
    SQLite gives its -wal and -shm files the same mode, and the folder may be one Rapport did
    not make (mode 0700). A file that is someone else's, or on read-only storage, is left as
    it is: then this is not ours to change."""
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        elif owned_by_me(path) and path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass


def owned_by_me(path: Path) -> bool:
    getuid = getattr(os, "getuid", None)  # not on Windows, where modes mean little anyway
    return getuid is not None and path.stat().st_uid == getuid()


def load_or_create_secret(path: Path) -> str:
    """Return the secret key kept at ``path``, creating it (mode 0600) on first run."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600, exist_ok=False)
    path.write_text(key, encoding="utf-8")
    return key


EMAIL_SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}


def email_config(url: str | None) -> dict[str, Any]:
    """Return Django's e-mail settings for ``smtp://``, ``smtp+tls://`` (STARTTLS) or ``smtps://``
    (TLS from the start) URLs; with none, sending by SMTP is off and drafts go by mail program."""
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "SMTP_ENABLED": False,
        }
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ConfigError(
            f"EMAIL_URL={redact(url)!r}: use smtp://, smtp+tls:// or smtps://USER:PASSWORD@HOST:PORT"
        )
    use_tls, use_ssl = EMAIL_SCHEMES[parts.scheme]
    return {
        "EMAIL_BACKEND": "rapport.smtp.EmailBackend",  # SMTPUTF8 where an address needs it
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "SMTP_ENABLED": True,
    }


TASK_BACKENDS = {
    "worker": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_config(name: str) -> dict[str, Any]:
    """Return the task backend of ``RAPPORT_TASKS``: ``worker`` or ``immediate``."""
    if name not in TASK_BACKENDS:
        raise ConfigError(f"RAPPORT_TASKS={name!r}: expected worker or immediate")
    return {"BACKEND": TASK_BACKENDS[name]}
