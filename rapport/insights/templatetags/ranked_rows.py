"""``{% ranked_rows ranked %}``: who to ask next's list items, rendered in Python.

The same markup through the template engine took most of the page's rendering at 50 people
(a node, a lookup and an escape for every reason); as with ``contact_rows``, this writes the
markup of that template with the standard library's escape, the one Django's own calls."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from rapport.core.ranking import Ranked

register = template.Library()

ITEM = """
  <li class="{waiting_class}">
    <div><a href="{detail}"><strong>{name}</strong></a>{place}
      <span class="score" title="score: the reasons below, added up">{score} points</span></div>
    <p class="muted">{reasons}</p>
    {action}
  </li>
"""
WAIT = (
    '<p class="finding warning">Wait: {waiting}. 3B7 asks one person at a time at an '
    "organization: if there is no reply after 3 business days, try the next one here.</p>\n    "
)
REACH_OUT = '<a class="button small primary" href="{compose}">Reach out</a>'
NO_REASON = "no connection yet: add what you share"
#: Nobody's first step is a cold ask: with nothing connecting them yet, the first step is to
#: find what you share (the form on their page), and a plain link still drafts the message.
FIND_SHARED = (
    '<a class="button small" href="{detail}#add-commonality">Add what you share</a> '
    '<a class="small" href="{compose}">Reach out anyway</a>'
)


def around_id(view: str) -> tuple[str, str]:
    """A contact's link as what comes before and after its id, from one reversal."""
    before, _, after = reverse(view, args=[0]).partition("/0/")
    return f"{before}/", f"/{after}"


@register.simple_tag
def ranked_rows(ranked: list[Ranked]) -> SafeString:
    detail, compose = around_id("contact-detail"), around_id("compose")
    items = []
    for item in ranked:
        c = item.candidate
        page = f"{detail[0]}{c.contact_id}{detail[1]}"
        draft = f"{compose[0]}{c.contact_id}{compose[1]}"
        if item.waiting:
            action = WAIT.format(waiting=escape(item.waiting))
        elif item.reasons:
            action = REACH_OUT.format(compose=draft)
        else:
            action = FIND_SHARED.format(detail=page, compose=draft)
        items.append(
            ITEM.format(
                waiting_class="waiting" if item.waiting else "",
                detail=page,
                name=escape(c.name),
                place=f" · {escape(c.organization)}" if c.organization else "",
                score=floatformat(item.score, 0),
                reasons="; ".join(escape(r) for r in item.reasons) or NO_REASON,
                action=action,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (every value above is escaped)
