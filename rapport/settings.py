"""Django settings. Every value comes from the environment; docs/configuration.md lists them.

This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from platformdirs import user_data_dir

from rapport.config import (
    database_config,
    email_config,
    envbool,
    envint,
    envlist,
    envsecret,
    load_or_create_secret,
    prepare_data_dir,
    private_file,
    tasks_config,
)

ENV = os.environ
BASE_DIR = Path(__file__).resolve().parent

DATA_DIR = prepare_data_dir(
    Path(ENV.get("RAPPORT_DATA_DIR") or user_data_dir("rapport", appauthor=False)).expanduser()
)
SECRET_KEY = envsecret(ENV, "RAPPORT_SECRET_KEY") or load_or_create_secret(DATA_DIR / "secret_key")
# Off even on a laptop: a traceback page would show private notes.
DEBUG = envbool(ENV, "RAPPORT_DEBUG", False)
# Only loopback names by default: a web page the user visits cannot reach Rapport by DNS rebinding.
ALLOWED_HOSTS = envlist(ENV, "RAPPORT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# Where people reach this Rapport: used in links made outside a request (calendar feed, e-mail).
BASE_URL = ENV.get("RAPPORT_BASE_URL", "http://127.0.0.1:8000")
# The key that seals passwords Rapport keeps for the student (a CardDAV/CalDAV account,
# or a mailbox); empty: a file made once in the data folder (rapport/credentials.py).
CREDENTIALS_KEY = ENV.get("RAPPORT_CREDENTIALS_KEY", "")
CSRF_TRUSTED_ORIGINS = envlist(ENV, "RAPPORT_CSRF_TRUSTED_ORIGINS", [])

# Outgoing mail: the user's drafts and, later, reminders. Without EMAIL_URL, drafts are sent
# from the user's own mail program (mailto: or a downloaded .eml).
EMAIL = email_config(envsecret(ENV, "EMAIL_URL"))
SMTP_ENABLED = EMAIL.pop("SMTP_ENABLED")
globals().update(EMAIL)
EMAIL_TIMEOUT = 10
# How many e-mails one account may send through Rapport's mail server in an hour.
SEND_LIMIT_PER_HOUR = envint(ENV, "RAPPORT_SEND_LIMIT_PER_HOUR", 30)
# Requests one personal access token may make to the API in a minute (429 beyond).
API_REQUESTS_PER_MINUTE = envint(ENV, "RAPPORT_API_REQUESTS_PER_MINUTE", 120)
DEFAULT_FROM_EMAIL = ENV.get("RAPPORT_FROM_EMAIL", "")
# Requests an hour from one network address that e-mail someone (sign-up links, and password
# resets, each counted apart); raise it for a campus behind one address.
MAIL_REQUESTS_PER_NETWORK = envint(ENV, "RAPPORT_MAIL_REQUESTS_PER_NETWORK", 10)
# The student's own mailbox (IMAP): read this often while the app runs, with syncs that fail
# waiting twice as long each time (at most six hours); a server silent this many seconds has
# stopped answering.
MAIL_SYNC_MINUTES = envint(ENV, "RAPPORT_MAIL_SYNC_MINUTES", 5)
MAIL_TIMEOUT = envint(ENV, "RAPPORT_MAIL_TIMEOUT", 30)
# Accounts inactive this many months are warned by e-mail, then deleted 30 days later if
# still inactive (`rapport retention`); 0 keeps every account.
RETENTION_MONTHS = envint(ENV, "RAPPORT_RETENTION_MONTHS", 0)
# On a shared Rapport, mailboxes on private or loopback addresses are refused (a student's
# mailbox must not reach into the center's network) unless this is "1".
MAIL_PRIVATE_HOSTS = ENV.get("RAPPORT_MAIL_PRIVATE_HOSTS", "") == "1"

# Imports larger than this are refused before they are read (about 100,000 LinkedIn rows).
IMPORT_MAX_BYTES = envint(ENV, "RAPPORT_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# ... and files with more people than this (a one-letter-a-line file is small but endless).
IMPORT_MAX_ROWS = envint(ENV, "RAPPORT_IMPORT_MAX_ROWS", 100_000)
# Imports larger than this are planned and written by the worker, with progress on the page;
# smaller ones in the request (about 10,000 LinkedIn rows, a second or two).
IMPORT_INLINE_BYTES = envint(ENV, "RAPPORT_IMPORT_INLINE_BYTES", 1024 * 1024)
# Accounts with more contacts than this get their exports made by the worker, then downloaded.
EXPORT_INLINE_CONTACTS = envint(ENV, "RAPPORT_EXPORT_INLINE_CONTACTS", 10_000)
# Background work (large imports and exports): "worker" queues it in the database for the
# worker that `rapport serve` starts (or `rapport worker`); "immediate" does it within the
# request that asked, for a single process with no worker.
TASKS = {"default": tasks_config(ENV.get("RAPPORT_TASKS", "worker"))}
DATA_UPLOAD_MAX_NUMBER_FILES = 1
FILE_UPLOAD_HANDLERS = [
    "rapport.contacts.uploads.ImportSizeLimit",  # stops an oversized file as it arrives
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600

DATABASES = {"default": database_config(ENV.get("DATABASE_URL"), DATA_DIR)}
# SQLite only: `rapport serve` keeps a copy a day in DATA_DIR/backups, this many of them.
BACKUP_KEEP = envint(ENV, "RAPPORT_BACKUP_KEEP", 7)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    private_file(Path(DATABASES["default"]["NAME"]))
    # A file, not memory, so that tests run with the same pragmas as the app.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ninja",
    "rapport.accounts",
    "rapport.contacts",
    "rapport.outreach",
    "rapport.agenda",
    "rapport.meetings",
    "rapport.insights",
    "rapport.archive",
    "rapport.api",
    "rapport.dav",
    "rapport.mailbox",
    "rapport.advising",
    "rapport.alumni",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rapport.api.problems.ProblemsMiddleware",  # errors under /api/ as problem documents
    "rapport.middleware.NulCharacterMiddleware",
    "rapport.middleware.PrivatePagesMiddleware",
    "rapport.middleware.FormAddressMiddleware",  # a form's address reloaded: back to its page
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rapport.accounts.middleware.FirstRunMiddleware",
    "rapport.accounts.middleware.UserTimeZoneMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "rapport.urls"
WSGI_APPLICATION = "rapport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
# Django does not throttle logins: after 5 failures for one e-mail from one address, that pair
# is locked out for 15 minutes with a 429 (an attacker elsewhere cannot lock a student out).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on over OpenID Connect (rapport/accounts/oidc.py), when a center sets it up.
OIDC_RP_CLIENT_ID = ENV.get("RAPPORT_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = envsecret(ENV, "RAPPORT_OIDC_CLIENT_SECRET") or ""
OIDC_ISSUER = ENV.get("RAPPORT_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = ENV.get("RAPPORT_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = ENV.get("RAPPORT_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = ENV.get("RAPPORT_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = ENV.get("RAPPORT_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 15
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("rapport.accounts.oidc.Backend")
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# The login form's field is "username" and holds an e-mail; count it however it is typed.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "rapport.accounts.services.login_username"
# Behind the reverse proxy, the client's address is the one the proxy adds (services.py).
AXES_CLIENT_IP_CALLABLE = "rapport.accounts.backoff.client_ip"
# A password-reset link works once and for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# No inline script or style anywhere: what a note or a name smuggles in cannot run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "mailto:"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Career-center mode: many students on one deployment, HTTPS behind one reverse proxy.
# "local" or "multi"; any other value stops Rapport at start-up (rapport/checks.py).
MODE = ENV.get("RAPPORT_MODE", "local")
MULTI_USER = MODE == "multi"
HOSTS_GIVEN = "RAPPORT_ALLOWED_HOSTS" in ENV
if MULTI_USER:
    CSRF_TRUSTED_ORIGINS = CSRF_TRUSTED_ORIGINS or [f"https://{host}" for host in ALLOWED_HOSTS]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # the proxy must set it
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint(ENV, "RAPPORT_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool(ENV, "RAPPORT_HSTS_SUBDOMAINS", True)
    # Preloading is the domain owner's decision, not the app's.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_AGE = 12 * 60 * 60
    SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Who may make an account besides the first: "closed" (only `rapport user add`), "invite"
# (an administrator sends a link by e-mail) or "open" (anyone asks for a link by e-mail).
SIGNUP = ENV.get("RAPPORT_SIGNUP", "invite" if MULTI_USER else "closed")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only a deployment that runs collectstatic needs a folder; a laptop serves from the package.
STATIC_ROOT = ENV.get("RAPPORT_STATIC_ROOT") or None
# Serve straight from the package: a laptop install needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
