"""The method as plain Python: no Django, no I/O, no clock (``now`` is always a parameter)."""
