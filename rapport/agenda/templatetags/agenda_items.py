"""``{% agenda_items items %}``: the agenda's items as HTML, written in Python.

The home page shows up to 170 items; as an included template each took about 0.3 ms
(three `{% url %}` look-ups, a form, the filters), most of the page's time at 10,000
contacts. This writes the same markup the template did, item for item.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from functools import cache
from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import get_current_timezone

from rapport.core.schedule import Due, Item
from rapport.meetings.templatetags.moments import day, deadline

register = template.Library()

#: A stand-in id: the addresses are looked up once, then filled in for each item.
SOME_ID = 987654321

#: The one step each kind offers, and its second button (the addresses and "{organization}"
#: are filled in per item); the template's line breaks are kept, so the page is unchanged.
STEPS = {
    Due.THANK_YOU: '<a class="button small primary" href="{thank_you}">Write it</a>'
    '<button class="small" name="action" value="thank-you">Thank-you sent</button>'
    "\n    ",
    Due.FOLLOW_UP: '<a class="button small primary" href="{compose}?moment=follow-up">'
    'Write the follow-up</a><button class="small" name="action" value="reply">They replied'
    "</button>"
    "\n    ",
    Due.SECOND_PERSON: '<a class="button small primary" href="{next}?organization='
    '{organization}">Who else is there?</a><button class="small" name="action" '
    'value="reply">They replied</button>'
    "\n    ",
    Due.SUGGESTION: '<a class="button small primary" href="{contact}#suggestions">See it</a>\n    ',
    Due.REPORT_BACK: '<a class="button small primary" href="{compose}?moment=report-back">'
    'Write to them</a><button class="small" name="action" value="touch">We were in touch'
    "</button>"
    "\n    ",
    Due.REFERRAL: '<a class="button small primary" href="{compose}">Write to them</a>'
    '<button class="small" name="action" value="wrote">I wrote to them</button>'
    "\n    ",
    Due.KEEP_IN_TOUCH: '<a class="button small primary" href="{compose}?moment=keep-in-touch">'
    'Write to them</a><button class="small" name="action" value="touch">We were in touch'
    "</button>",
}

ITEM = """<li class="due {kind}{overdue}">
{steps}</li>
"""

#: One step of an item: the first names the contact; a further step of the same ask (3B7's
#: follow-up after its second person) shows under it, in the same entry.
STEP = """  <div class="due-what{also}">
    {name}<span class="due-action">{action}</span>
    <span class="muted">· {detail}</span>
  </div>
  <div class="due-when"><time datetime="{iso}">{when}</time></div>
  <form method="post" action="{act}" class="due-actions">
    {csrf}
    {step}
    {snooze}
  </form>
"""

#: The steps of one unanswered ask (3B7): one entry for the contact, in the order they fall
#: due, rather than the same person twice in a group.
ONE_ASK = (Due.SECOND_PERSON, Due.FOLLOW_UP)
#: What a step's buttons say once, for the whole entry: "They replied" clears every step.
REPLIED = '<button class="small" name="action" value="reply">They replied</button>'


@cache
def addresses() -> dict[str, str]:
    """Each address an item links to, with ``{id}`` where the contact's id goes."""
    names = {
        "contact": "contact-detail",
        "act": "agenda-act",
        "thank_you": "contact-thank-you",
        "compose": "compose",
    }
    found = {
        key: reverse(name, args=[SOME_ID]).replace(str(SOME_ID), "{id}")
        for key, name in names.items()
    }
    return {**found, "next": reverse("next")}


def when(item: Item, now: datetime) -> str:
    if item.overdue:
        return f"{timesince(item.due, now)} overdue"
    return deadline(item.due, now) if item.timed else day(item.due, now)


def entry_html(items: list[Item], now: datetime, csrf: str, zone: tzinfo | None = None) -> str:
    """One contact's list entry holding ``items`` (several only for the steps of one ask):
    the first names the contact, and "They replied" is offered once, with the last step.
    Every value from the items is escaped (``html.escape``, as Django's own ``escape`` does)."""
    first = items[0]
    urls = {
        key: escape(url.replace("{id}", str(first.contact_id))) for key, url in addresses().items()
    }
    steps = []
    for number, item in enumerate(items):
        kind = item.kind.value
        step = STEPS[item.kind].format(
            **urls, organization=escape(quote(item.organization, safe="/"))
        )
        if number < len(items) - 1:
            step = step.replace(REPLIED, "")
        snooze = (
            ""
            if item.kind is Due.THANK_YOU
            else f'<button class="small link" name="action" value="snooze:{escape(kind)}">'
            "Snooze a week</button>"
        )
        steps.append(
            STEP.format(
                also=" due-also" if number else "",
                name=""
                if number
                else f'<a href="{urls["contact"]}"><strong>{escape(item.name)}</strong></a>\n    ',
                action=escape(item.action),
                detail=escape(item.detail),
                # The template's date:'c', in the zone the page is shown in.
                iso=escape(item.due.astimezone(zone or get_current_timezone()).isoformat()),
                when=escape(when(item, now)),
                act=urls["act"],
                csrf=csrf,
                step=step,
                snooze=snooze,
            )
        )
    return ITEM.format(
        kind=escape(first.kind.value),
        overdue=" overdue" if any(item.overdue for item in items) else "",
        steps="".join(steps),
    )


def entries(items: Iterable[Item]) -> list[list[Item]]:
    """The items as entries, in order: each alone, but for the steps of one ask for the same
    contact, which join the entry of the first of them."""
    found: list[list[Item]] = []
    asks: dict[int, list[Item]] = {}
    for item in items:
        if item.kind not in ONE_ASK:
            found.append([item])
        elif item.contact_id in asks:
            asks[item.contact_id].append(item)
        else:
            asks[item.contact_id] = [item]
            found.append(asks[item.contact_id])
    for steps in asks.values():
        steps.sort(key=lambda item: ONE_ASK.index(item.kind))
    return found


@register.simple_tag(takes_context=True)
def agenda_items(context: template.Context, items: Iterable[Item]) -> SafeString:
    """The items as the agenda's list entries, each with the step that clears it."""
    token = escape(str(context.get("csrf_token", "")))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    now, zone = context["now"], get_current_timezone()
    html = "".join(entry_html(steps, now, csrf, zone) for steps in entries(items))
    return mark_safe(html)  # noqa: S308 (entry_html escapes every value)
