"""The contact's e-mail address is checked as every address is (``rapport.addresses``); the
name stays here because migration 0012 refers to it."""

from rapport.addresses import check_address

__all__ = ["check_address"]
