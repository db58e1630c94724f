"""What every rule of the guard returns, and what it is told beyond the text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR, WARNING = "error", "warning"


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


def has_error(findings: list[Finding]) -> bool:
    return any(finding.severity == ERROR for finding in findings)
