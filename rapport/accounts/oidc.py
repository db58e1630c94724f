"""Single sign-on with the university's identity provider, over OpenID Connect
(mozilla-django-oidc), optional per center: set RAPPORT_OIDC_* and the login page offers it.

An account is matched by its e-mail address, and only when the provider says the address is
verified; no account is made this way (a center invites its students). The ID token is
checked more strictly than the library does: its signature, and also its audience (this
Rapport's client id), its issuer and its expiry. Anything wrong fails closed: no one is
signed in, and the login page says single sign-on failed.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from rapport.accounts.models import User

log = logging.getLogger("rapport.oidc")


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class Backend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        # Only the callback signs on (it passes the nonce it kept); a password login that
        # fails must not fall through to a code and state taken from its address.
        if "nonce" not in kwargs or "username" in kwargs or "password" in kwargs:
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            ValueError,
        ) as error:
            log.warning("single sign-on refused: %s", error)
            return None
        return user

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        """The signature, and the audience, issuer and expiry the library leaves unchecked."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"the provider signed with {algorithm!r}")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                options={"require": ["exp", "iat", "aud", "iss"]},
                leeway=60,  # the provider's clock may be a little ahead of ours
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"the ID token is not valid: {error}") from None
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        verified = claims.get("email_verified")
        return bool(claims.get("email")) and (verified is True or verified == "true")

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = str(claims.get("email", "")).strip().lower()
        return User.objects.filter(email=email, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # a center invites its students; sign-on finds an account, never makes one
