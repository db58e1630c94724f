"""The guard: reads what the user is about to send and says what the method would change.

``check(text, kind)`` returns findings with a stable rule name, a severity, the character
span, a message and, where one helps, a suggested rewrite. An ``error`` blocks sending unless
the user overrides it; a ``warning`` coaches. Which rules apply depends on the kind of text.
"""

from __future__ import annotations

from rapport.core.guard import content, structure
from rapport.core.guard.findings import ERROR, WARNING, Context, Finding, has_error

__all__ = [
    "ERROR",
    "KINDS",
    "WARNING",
    "Context",
    "Finding",
    "check",
    "has_error",
    "note_limits",
    "word_limits",
]

KINDS = (
    "text",
    "email",
    "soundbite",
    "voicemail",
    "phone-script",
    "question",
    "thank-you",
    "follow-up",
    "keep-in-touch",
    "report-back",
    "linkedin-note",
    "linkedin-message",
    "text-message",
)


def check(text: str, kind: str = "text", context: Context | None = None) -> list[Finding]:
    """Return the findings for ``text`` read as ``kind``, in the order they appear."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    context = context or Context()
    findings = content.findings(text, context)
    findings += structure.findings(text, kind, context)
    return sorted(findings, key=lambda finding: (finding.start, finding.end, finding.rule))


def note_limits() -> tuple[int, int]:
    """The characters a LinkedIn connection note may have: on a free and on a paid account."""
    return structure.NOTE_FREE, structure.NOTE_PAID


def word_limits(kind: str) -> tuple[int, int, int]:
    """The words a text of ``kind`` is held to: fewer than the first, or more than the second,
    is a warning; more than the third is an error. Help text quotes these, never its own."""
    return structure.LIMITS[kind]
