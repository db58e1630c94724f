"""``{{ address|breakable }}``: an e-mail address or URL that may wrap at its natural joints
(after ``@`` and ``//``, before a dot or a slash), never in the middle of a word."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

JOINTS = re.compile(r"(?<=@)|(?<=//)|(?<=[^/:])(?=[/.?#&=_-])")


@register.filter
def breakable(address: str) -> SafeString:
    # Safe to mark: every piece is escaped; only the <wbr> between them is markup.
    pieces = JOINTS.split(str(address or ""))
    return mark_safe("<wbr>".join(escape(piece) for piece in pieces))  # noqa: S308
