"""One-click steps that change the timeline or the agenda say what they did, with an Undo."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def offer_undo(request: HttpRequest, text: str, url: str, fields: dict[str, str]) -> None:
    """A success message, ``text``, with an Undo button that posts ``fields`` to ``url``."""
    context = {"text": text, "url": url, "fields": fields}
    html = render_to_string("_undo.html", context, request=request)
    messages.success(request, mark_safe(html.strip()))  # noqa: S308 (the template escapes)
