"""Who to ask next: contacts not yet approached, ranked by how likely a yes is, each score
explained. The seed: the more the connection matters to them, the likelier they say yes.

Weights start from the method (a referrer who allowed their name counts most, then a strong
commonality, a field the user is exploring, a warm recent contact, an organization the user
rated high). Once the user's own history holds enough asks of a commonality kind, the
reply rate measured on it scales that kind's weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapport.core.search import fold

KIND_WEIGHTS = {
    "mutual_person": 1.0,
    "school": 0.9,
    "club": 0.9,
    "employer": 0.8,
    "hometown": 0.7,
    "event": 0.7,
    "other": 0.5,
}
KIND_LABELS = {
    "mutual_person": "mutual person",
    "school": "shared school",
    "club": "shared club",
    "employer": "former employer",
    "hometown": "hometown",
    "event": "met at an event",
    "other": "shared interest",
}
REFERRAL_POINTS = {"yes": 30, "not_asked": 12, "no": 4}
FIELD_POINTS, RECENT_POINTS, MOTIVATION_POINTS = 15, 6, 4
RECENT = timedelta(days=180)
#: A kind's measured reply rate is trusted from this many asks on.
MIN_ASKS = 3
#: Room for the rounding of a score added up in another order (by the database).
SLACK = 1e-6


@dataclass(frozen=True)
class Candidate:
    contact_id: int
    name: str
    organization: str = ""
    field: str = ""
    commonalities: tuple[tuple[str, str, int], ...] = ()  # kind, detail, strength
    referrer: str = ""
    permission: str = ""  # yes, no, not_asked; "" when nobody referred them
    last_touch: datetime | None = None
    motivation: int | None = None  # the user's 1-5 rating of the organization (LAMP)
    ask_open_at_organization: bool = False


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    waiting: str = ""  # why not now, e.g. an ask is already open at the organization

    def as_dict(self) -> dict[str, object]:
        c = self.candidate
        return {
            "contact": c.contact_id,
            "name": c.name,
            "organization": c.organization,
            "score": round(self.score, 1),
            "reasons": list(self.reasons),
            "waiting": self.waiting,
        }


@dataclass(frozen=True)
class History:
    """The user's own asks and replies by commonality kind: {kind: (asked, replied)}."""

    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)

    def weight(self, kind: str) -> tuple[float, str]:
        base = KIND_WEIGHTS.get(kind, 0.5)
        asked, replied = self.by_kind.get(kind, (0, 0))
        if asked < MIN_ASKS:
            return base, ""
        rate = (replied + 1) / (asked + 2)  # smoothed, so small numbers are not over-read
        return base * (
            0.5 + rate
        ), f"your reply rate for {KIND_LABELS.get(kind, kind)}: {replied} of {asked}"


def kind_weights(history: History) -> tuple[dict[str, float], float]:
    """The weight of each kind the history or the method knows, and of any other kind."""
    kinds = {*KIND_WEIGHTS, *history.by_kind}
    return {kind: history.weight(kind)[0] for kind in kinds}, 0.5


def settled(ranked: list[Ranked], limit: int, ceiling: float) -> bool:
    """Whether the first ``limit`` of ``ranked`` stay first whatever the candidates left out
    score, when none of them can score above ``ceiling``."""
    if len(ranked) < limit:
        return False
    last = ranked[limit - 1]
    # A candidate left out could tie the last one and come first by name: strictly above.
    return not last.waiting and last.score > ceiling + SLACK


def rank(
    candidates: list[Candidate], interests: list[str], history: History, now: datetime
) -> list[Ranked]:
    """Best first; a candidate at an organization with an open ask waits at the end. Equals
    keep the order given (the contact list's: "Émile" among the e's; the sort is stable)."""
    ranked = [score(c, interests, history, now) for c in candidates]
    return sorted(ranked, key=lambda r: (bool(r.waiting), -r.score))


def score(candidate: Candidate, interests: list[str], history: History, now: datetime) -> Ranked:
    points, reasons = 0.0, []
    if candidate.referrer:
        points += REFERRAL_POINTS.get(candidate.permission, 0)
        reasons.append(
            {
                "yes": f"referred by {candidate.referrer} with permission",
                "no": f"referred by {candidate.referrer} (their name may not be used)",
            }.get(
                candidate.permission,
                f"referred by {candidate.referrer} (ask if you may use their name)",
            )
        )
    if candidate.commonalities:
        kind, detail, strength = max(
            candidate.commonalities, key=lambda c: history.weight(c[0])[0] * c[2]
        )
        weight, learned = history.weight(kind)
        points += 5 * strength * weight
        reasons.append(f"{KIND_LABELS.get(kind, kind)} ({detail}), strength {strength}")
        reasons += [learned] if learned else []
    if candidate.field and any(
        fold(i) in fold(candidate.field) or fold(candidate.field) in fold(i) for i in interests if i
    ):
        points += FIELD_POINTS
        reasons.append(f"field matches your interests ({candidate.field})")
    if candidate.last_touch and now - candidate.last_touch < RECENT:
        points += RECENT_POINTS
        reasons.append("in touch recently")
    if candidate.motivation:
        points += MOTIVATION_POINTS * candidate.motivation
        reasons.append(f"you rated {candidate.organization} {candidate.motivation} of 5")
    waiting = (
        f"an ask is already open at {candidate.organization}"
        if candidate.ask_open_at_organization
        else ""
    )
    return Ranked(candidate, points, tuple(reasons), waiting)
