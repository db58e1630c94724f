"""The guard: reads what the user is about to send and says what the method would change.

``check(text, kind)`` returns findings with a stable rule name, a severity, the character
span, a message and, where one helps, a suggested rewrite. An ``error`` blocks sending unless
the user overrides it; a ``warning`` coaches. Which rules apply depends on the kind of text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR, WARNING = "error", "warning"
KINDS = ("text", "email", "soundbite", "voicemail", "question", "thank-you")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Context:
    """What the guard knows beyond the text: who referred the user and what they share."""

    referrer: str = ""
    commonalities: tuple[str, ...] = ()
    strict: bool = False


def check(text: str, kind: str = "text", context: Context | None = None) -> list[Finding]:
    """Return the findings for ``text`` read as ``kind``, in the order they appear."""
    from rapport.core.guard import content, structure

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    context = context or Context()
    findings = content.findings(text, context)
    findings += structure.findings(text, kind, context)
    return sorted(findings, key=lambda finding: (finding.start, finding.end, finding.rule))


def has_error(findings: list[Finding]) -> bool:
    return any(finding.severity == ERROR for finding in findings)
