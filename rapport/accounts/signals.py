"""What accounts tells the apps above it, so that it never imports them."""

from django.dispatch import Signal

#: A new account asked for the demo network (``user``, ``now``); receivers return how many
#: contacts they loaded.
demo_wanted = Signal()
