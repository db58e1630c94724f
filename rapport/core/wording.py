"""Small rules for the sentences Rapport says to the user."""

from __future__ import annotations


def sentence(text: str) -> str:
    """``text`` ending a sentence: a full stop added unless it ends with one already, as a
    name may ("Added Joseph Serra Jr.", not "Jr..")."""
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."
