"""Django escapes everything a template shows; the few places that switch it off are known
and each has a reason. A new one fails this test until it is reviewed and listed."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "rapport"
UNESCAPED = re.compile(
    r"\|\s*safe\b|autoescape\s+off|autoescape=False|mark_safe\(|SafeString\(|format_html\("
)
REVIEWED = {
    # the help text of form fields is the code's own (password rules), never the user's
    "templates/_field.html",
    # Markdown notes: rendered, then cleaned by nh3 with an allowlist (no img, no script)
    "contacts/templatetags/notes.py",
    # e-mail addresses and URLs that may wrap: each piece escaped, only <wbr> between them
    "contacts/templatetags/addresses.py",
    # the time zone menu: option values and labels from zoneinfo, escaped in the function
    "accounts/forms.py",
    # the plain-text parts of e-mails: no HTML to break into (the HTML parts are escaped)
    "emails.py",
    # dashboard charts: SVG made on the server by rapport.core.charts, labels escaped there
    "insights/views.py",
    # the contact list's rows and filter menus: every value escaped with html.escape
    "contacts/templatetags/contact_rows.py",
    # who to ask next's list items: names, places, reasons and waits escaped with html.escape
    "insights/templatetags/ranked_rows.py",
    # the navigation: labels and reversed addresses from the code, the user's name escaped
    "accounts/templatetags/site_nav.py",
    # the contact page's timeline: every value escaped by html.escape or Django's linebreaksbr
    "contacts/templatetags/timeline.py",
    # the agenda's items, written in Python for speed: every value escaped by format_html
    "agenda/templatetags/agenda_items.py",
    # the Undo button in a message: rendered from _undo.html, which escapes the text and fields
    "contacts/views/undo.py",
    # a blank field showing "now": _field.html's markup, a formatted moment (escaped) put in
    # the place of a fixed one
    "contacts/templatetags/fields.py",
}


def test_only_reviewed_places_turn_escaping_off():
    found = {
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.suffix in {".html", ".py", ".txt"} and UNESCAPED.search(path.read_text("utf-8"))
    }
    assert found == REVIEWED
