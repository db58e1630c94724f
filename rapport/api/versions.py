"""ETags and If-Match: a client that read an older version of an object gets 412 instead of
silently overwriting what another client saved in between.

The ETag is a hash of the object as the API shows it, so any change a client could see
(a tag, the organization's name) makes a new one, with no version column to keep."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from rapport.api.problems import Stale

if TYPE_CHECKING:
    from rapport.accounts.models import Owned, User


def etag_of(record: dict[str, Any]) -> str:
    shown = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(shown.encode()).hexdigest()[:32] + '"'


def check_fresh(request: HttpRequest, record: dict[str, Any]) -> None:
    """Refuse a write whose If-Match names another version of ``record`` (a strong
    comparison: a weak tag, W/"…", never matches)."""
    wanted = request.headers.get("If-Match")
    if wanted is None or wanted.strip() == "*":
        return
    if etag_of(record) not in [tag.strip() for tag in wanted.split(",")]:
        raise Stale(f"it changed since you read it (ETag {etag_of(record)}); read it again")


@contextmanager
def locked(model: type[Owned], owner: User, pk: int) -> Iterator[None]:
    """One transaction in which the row is locked before it is read, so that the If-Match
    check and the write are one step: a second writer with the same ETag waits, then finds
    it changed."""
    with transaction.atomic():
        # A write that changes nothing takes the row's lock on PostgreSQL and the database's
        # write lock on SQLite (whose transactions already begin IMMEDIATE).
        model.objects.filter(owner=owner, pk=pk).update(owner=F("owner"))
        yield


def with_etag(response: HttpResponse, record: dict[str, Any]) -> dict[str, Any]:
    response["ETag"] = etag_of(record)
    return record
