"""What accounts tells the apps above it, so that it never imports them."""

from django.dispatch import Signal

#: A new account asked for the demo network (``user``, ``now``); receivers return how many
#: contacts they loaded.
demo_wanted = Signal()

#: A write may have changed what is due for some of ``owner``'s contacts (``contacts``: their
#: ids, or None for all of them; ``new``, if given: the schedule's facts of contacts just made,
#: ``rapport.contacts.changes``); the agenda refreshes what it stores, in the same transaction.
due_changed = Signal()
