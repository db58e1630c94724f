"""The Django side of ``rapport.core.contact_fields``: the model's fields, the form's widgets
and the checks an import applies, each made from the one declaration of a contact's fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models

from rapport.contacts.addresses import check_address
from rapport.core.contact_fields import BY_NAME, Field, Kind
from rapport.core.network import Source

#: Links open in the browser: no javascript:, data: or file: URLs.
WEB_URL = URLValidator(schemes=["http", "https"])
DAYS = [MinValueValidator(1), MaxValueValidator(3650)]


def model_field(name: str) -> Any:
    """The model field of the contact's column ``name``."""
    spec = BY_NAME[name]
    label: dict[str, Any] = {"verbose_name": spec.label} if spec.label != name else {}
    optional = {"blank": spec.name != "name", **label}
    if spec.help:
        optional["help_text"] = spec.help
    if spec.kind is Kind.TEXT:
        return models.TextField(**optional)
    if spec.kind is Kind.URL:
        return models.URLField(max_length=spec.limit, **optional)
    if spec.kind is Kind.DAYS:
        return models.PositiveSmallIntegerField(null=True, validators=DAYS, **optional)
    if spec.kind is Kind.CHOICE:
        return models.CharField(
            max_length=spec.limit, choices=Source.choices(), default=Source.OTHER, **label
        )
    if spec.kind is Kind.EMAIL:
        # Any address a person may have, internationalized ones too (addresses.py).
        return models.CharField(max_length=spec.limit, validators=[check_address], **optional)
    return models.CharField(max_length=spec.limit, **optional)


def form_widget(spec: Field) -> forms.Widget | None:
    """The widget the contact form shows for ``spec``, when Django's default is not right."""
    if spec.kind is Kind.TEXT:
        return forms.Textarea(attrs={"rows": {"how_we_know": 2, "research": 5}.get(spec.name, 4)})
    if spec.kind is Kind.PHONE:
        return forms.TextInput(attrs={"type": "tel"})
    if spec.kind is Kind.EMAIL:
        # Not type="email": browsers refuse an address like zoë@example.org there.
        return forms.TextInput(
            attrs={"inputmode": "email", "autocomplete": "email", "spellcheck": "false"}
        )
    return None


def web_url_field(label: str) -> forms.URLField:
    """An optional http(s) link; "example.org" is read as https://example.org."""
    return forms.URLField(
        label=label, max_length=500, required=False, assume_scheme="https", validators=[WEB_URL]
    )


# Plain addresses and links, the great majority, match these stricter patterns, which accept
# only what the full checks accept; the rest go through those (email-validator, Django's).
PLAIN: dict[Kind, re.Pattern[str]] = {
    Kind.EMAIL: re.compile(
        r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
        r"[A-Za-z]{2,63}"
    ),
    Kind.URL: re.compile(
        r"https?://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(/[A-Za-z0-9._~%/+-]*)?"
    ),
}
CHECKS: dict[Kind, tuple[Callable[[str], None], str]] = {
    Kind.EMAIL: (check_address, "not an e-mail address"),
    Kind.URL: (WEB_URL, "not a web link"),
}


def problem_with(spec: Field, value: str) -> str | None:
    """Why the contact form would refuse ``value`` for ``spec`` ("not an e-mail address"),
    or None: the same rules for a file as for a person typing."""
    if spec.limit is not None and len(value) > spec.limit:
        return f"{len(value):,} characters long; at most {spec.limit}"
    if spec.kind not in CHECKS or PLAIN[spec.kind].fullmatch(value):
        return None
    check, why = CHECKS[spec.kind]
    try:
        check(value)
    except ValidationError:
        return why
    return None
