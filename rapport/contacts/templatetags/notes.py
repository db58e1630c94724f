"""``{{ text|markdown }}``: Markdown notes as HTML, sanitized by rapport.core.notes."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from rapport.core.notes import render

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    # Safe to mark: nh3 has removed every tag, attribute and URL scheme not on its allow list.
    return mark_safe(render(text or ""))  # noqa: S308
