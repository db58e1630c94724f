"""``{% field form.name %}``: one field as ``_field.html`` shows it, a blank form's field
rendered once and then kept.

Django writes a widget through its own templates (a select's each option through two more),
0.1 to 0.3 ms a field: the contact page's three forms took 1.7 ms of every request. A
field of a form nobody has filled in looks the same wherever it is shown, as long as the
code is the same: its label, widget, choices and help come from the code, its id from
``auto_id``, and its value is kept as part of what it is kept by. A form says that this
holds for it with ``blank_is_constant = True``: its ``__init__`` sets no attribute or choice
from its arguments. A bound form (the user's input, its errors) is always rendered afresh.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string

register = template.Library()

#: Blank fields kept, by form class, prefix, ids, field and value. Values passed as a
#: form's initial data could be many: past this many, fields are rendered each time.
KEPT_AT_MOST = 200
_kept: dict[tuple[object, ...], str] = {}


@register.simple_tag
def field(bound: BoundField) -> str:
    form, value = bound.form, bound.value()
    if form.is_bound or not getattr(form, "blank_is_constant", False):
        return rendered(bound)
    if value is not None and not isinstance(value, str | int):
        return rendered(bound)  # a moment, say "now": it changes from one page to the next
    key = (type(form), form.prefix, form.auto_id, bound.name, type(value), value)
    markup = _kept.get(key)
    if markup is None:
        markup = rendered(bound)
        if len(_kept) < KEPT_AT_MOST:
            _kept[key] = markup
    return markup


def rendered(bound: BoundField) -> str:
    """The field through ``_field.html``: safe markup, each value escaped by the template."""
    return render_to_string("_field.html", {"field": bound})
