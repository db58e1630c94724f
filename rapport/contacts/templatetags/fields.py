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

import copy
from collections.abc import Callable
from datetime import datetime
from html import escape

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

#: Blank fields kept, by form class, prefix, ids, field and value. Values passed as a
#: form's initial data could be many: past this many, fields are rendered each time.
KEPT_AT_MOST = 200
_kept: dict[tuple[object, ...], str] = {}


#: The moment a blank field that shows one (the touch form's "now") is kept with: each page
#: writes its own in its place. Its every part differs, and it is no moment a form offers.
PLACEHOLDER = datetime(1987, 6, 5, 4, 3, 2)


@register.simple_tag
def field(bound: BoundField) -> str:
    form, value = bound.form, bound.value()
    if form.is_bound or not getattr(form, "blank_is_constant", False):
        return rendered(bound)
    if isinstance(value, datetime) and value.tzinfo is None:
        return with_moment(bound, value)
    if value is not None and not isinstance(value, str | int):
        return rendered(bound)
    return kept(bound, (type(value), value), lambda: rendered(bound))


def kept(bound: BoundField, value: tuple[object, ...], render: Callable[[], str]) -> str:
    form = bound.form
    key = (type(form), form.prefix, form.auto_id, bound.name, *value)
    markup = _kept.get(key)
    if markup is None:
        markup = render()
        if len(_kept) < KEPT_AT_MOST:
            _kept[key] = markup
    return markup


def with_moment(bound: BoundField, moment: datetime) -> str:
    """A blank field showing a moment: kept with ``PLACEHOLDER``, and the moment written
    where it stood, as the field's widget and its hidden initial value write it."""
    markup = kept(bound, ("moment",), lambda: rendered_with(bound, PLACEHOLDER))
    for widget in (bound.field.widget, bound.field.hidden_widget()):
        shown = escape(str(widget.format_value(PLACEHOLDER)))
        markup = markup.replace(shown, escape(str(widget.format_value(moment))))
    if str(PLACEHOLDER.year) in markup:  # written some other way: not kept, written afresh
        return rendered(bound)
    return mark_safe(markup)  # noqa: S308 (safe markup, with escaped text put in its place)


def rendered_with(bound: BoundField, moment: datetime) -> str:
    """The field as a copy of its form shows it with ``moment`` as its initial value."""
    form = copy.copy(bound.form)
    form.initial = {**form.initial, bound.name: moment}
    form._bound_fields_cache = {}
    return rendered(form[bound.name])


def rendered(bound: BoundField) -> str:
    """The field through ``_field.html``: safe markup, each value escaped by the template."""
    return render_to_string("_field.html", {"field": bound})
