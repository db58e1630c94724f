"""Start-up checks of Rapport's own settings: a value it does not know stops it, by name.

Django runs these with its own checks (``manage.py check``); ``rapport`` commands and the WSGI
application run them before anything else (``ensure_configured``), so that a typo such as
``RAPPORT_MODE=mutli`` can never quietly mean the default.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from rapport.config import ConfigError

#: Each setting that takes one of a few words: its environment variable and the words.
CHOICES = {
    "MODE": ("RAPPORT_MODE", ("local", "multi")),
    "SIGNUP": ("RAPPORT_SIGNUP", ("closed", "invite", "open")),
}


@checks.register("rapport")
def choice_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error for each choice-valued setting whose value is not one of its words."""
    errors = []
    for number, (name, (variable, allowed)) in enumerate(CHOICES.items(), start=1):
        value = getattr(settings, name)
        if value not in allowed:
            errors.append(
                checks.Error(
                    f"{variable}={value!r} is not one Rapport knows; use {' or '.join(allowed)}",
                    hint=f"Set {variable} to {', '.join(allowed)}, or leave it unset.",
                    id=f"rapport.E00{number}",
                )
            )
    return errors


@checks.register("rapport")
def shared_mode_needs_a_host(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.MODE == "multi" and not settings.HOSTS_GIVEN:
        return [
            checks.Error(
                "RAPPORT_MODE=multi needs RAPPORT_ALLOWED_HOSTS (the site's host name)",
                hint="Set RAPPORT_ALLOWED_HOSTS=careers.example.edu; see docs/deploy.md.",
                id="rapport.E010",
            )
        ]
    return []


@checks.register("rapport")
def no_wildcard_host(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A shared Rapport answers to its own host names only, never to any (``*``)."""
    if settings.MODE == "multi" and any("*" in host for host in settings.ALLOWED_HOSTS):
        return [
            checks.Error(
                "RAPPORT_ALLOWED_HOSTS must name the site's hosts with RAPPORT_MODE=multi, "
                f"not {', '.join(settings.ALLOWED_HOSTS)!r}: a wildcard lets a forged Host "
                "header through",
                hint="Set RAPPORT_ALLOWED_HOSTS=careers.example.edu.",
                id="rapport.E011",
            )
        ]
    return []


#: What single sign-on needs once a client id is set (docs/configuration.md).
OIDC = {
    "OIDC_RP_CLIENT_SECRET": "RAPPORT_OIDC_CLIENT_SECRET",
    "OIDC_ISSUER": "RAPPORT_OIDC_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "RAPPORT_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "RAPPORT_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "RAPPORT_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "RAPPORT_OIDC_JWKS_ENDPOINT",
}


@checks.register("rapport")
def single_sign_on_whole(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Single sign-on half set up would send students in circles, or take any issuer."""
    if not settings.OIDC_RP_CLIENT_ID:
        return []
    missing = [variable for name, variable in OIDC.items() if not getattr(settings, name)]
    if not missing:
        return []
    return [
        checks.Error(
            f"RAPPORT_OIDC_CLIENT_ID is set, but not {', '.join(missing)}",
            hint="Set them from the provider's discovery document; see docs/deploy.md.",
            id="rapport.E012",
        )
    ]


def ensure_configured() -> None:
    """Run Rapport's start-up checks; raise ``ConfigError`` naming every error found."""
    found = checks.run_checks(tags=["rapport"])
    errors = [message for message in found if message.is_serious()]
    if errors:
        raise ConfigError("; ".join(message.msg for message in errors))
