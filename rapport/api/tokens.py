"""Use cases for personal access tokens: make one (shown once), list, revoke, and let a
request in by one, within the rate limit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import F, Q

from rapport.api.models import PersonalToken
from rapport.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from rapport.accounts.models import User

PREFIX = "rpt_"
WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Made:
    token: PersonalToken
    secret: str  # the token itself: shown once, never stored


def digest_of(secret: str) -> str:
    # A token is 256 random bits, so a plain hash keeps it as safe as a slow one would.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(owner: User, name: str, read_only: bool, now: datetime) -> Made:
    """Make a token for ``owner``; the secret is returned once and only its hash is kept."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput({"name": ["Give the token a name, e.g. the script that uses it."]})
    if len(name) > 100:
        raise InvalidInput({"name": ["At most 100 characters."]})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken.objects.create(
        owner=owner,
        name=name,
        digest=digest_of(secret),
        prefix=secret[:10],
        read_only=read_only,
        created_at=now,
    )
    return Made(token, secret)


def tokens_of(owner: User) -> list[PersonalToken]:
    return list(PersonalToken.objects.owned_by(owner))


def revoke_token(owner: User, pk: object) -> PersonalToken:
    """Delete one of ``owner``'s tokens: the next request with it is refused."""
    try:
        token = PersonalToken.objects.owned_by(owner).get(pk=int(str(pk)))
    except (ValueError, PersonalToken.DoesNotExist):
        raise NotFound(f"no token with id {pk}") from None
    token.delete()
    return token


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; try again in {retry_after} s")
        self.retry_after = retry_after


def token_for_request(secret: str, now: datetime) -> PersonalToken | None:
    """The live token ``secret`` names, its use recorded; None for an unknown or revoked one.

    Raises RateLimited past the window's allowance. A window is a minute from the first
    request after the last window ended. The count moves in conditional UPDATEs (a new
    window starts at one; otherwise one more while under the limit), so several app
    processes never let more through in a window than the limit between them.
    """
    if not secret.startswith(PREFIX):
        return None
    mine = PersonalToken.objects.filter(digest=digest_of(secret))
    limit = settings.API_REQUESTS_PER_MINUTE
    stale = Q(window_started_at__isnull=True) | Q(window_started_at__lte=now - WINDOW)
    if mine.filter(stale).update(window_started_at=now, window_requests=1, last_used_at=now):
        return mine.select_related("owner").first()
    if mine.filter(window_requests__lt=limit).update(
        window_requests=F("window_requests") + 1, last_used_at=now
    ):
        return mine.select_related("owner").first()
    token = mine.first()
    if token is None or token.window_started_at is None:
        return None
    wait = (token.window_started_at + WINDOW - now).total_seconds()
    # A clock set back could make the wait longer than a window; it is never more.
    raise RateLimited(min(int(WINDOW.total_seconds()), max(1, int(wait + 0.999))))


def owner_of(request: Any) -> User:
    """The account a request acts for: the token's owner, or the signed-in user."""
    owner: User = request.auth
    return owner
