"""The question bank: the seed's ten themes and the TIARA frame, in the project's own words.

Each question has a theme, the minutes it usually takes, and where it belongs: an opener
early, the referral question always last. ``{role}``, ``{field}`` and ``{organization}``
are filled from the contact when a meeting's questions are chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENER, MIDDLE, CLOSER = "opener", "middle", "closer"
#: Minutes kept for hellos at the start and thanks at the end of a meeting.
MARGIN_MINUTES = 3


@dataclass(frozen=True)
class Question:
    key: str
    theme: str
    text: str
    minutes: int = 2
    place: str = MIDDLE
    #: Only the bank's own questions have blanks; a user's text is kept as typed, braces and all.
    template: bool = True

    def filled(self, role: str = "", field: str = "", organization: str = "") -> str:
        """The question with the contact's role, field and organization put in."""
        if not self.template:
            return self.text
        from rapport.core.compose import article, role_in_sentence

        role = role_in_sentence(role, organization)
        blanks = {
            "role": f"{article(role)} {role}" if role else "someone in your position",
            "field": field or "your field",
            "organization": organization or "your organization",
        }
        return BLANK.sub(lambda blank: blanks[blank.group(1)], self.text)


#: The blanks a question of the bank may have; nothing else in braces is touched.
BLANK = re.compile(r"\{(role|field|organization)\}")


THEMES = {
    "typical-day": "A typical day or week",
    "likes": "What they like most and least",
    "training": "How they learned the work",
    "success": "What makes someone successful (listen for skill words)",
    "hindsight": "What they wish they had known",
    "graduate-programs": "Graduate programs they like to see",
    "associations": "Professional associations",
    "keeping-current": "Keeping current",
    "advice": "Advice for someone starting out",
    "referrals": "Two or three other people",
    "trends": "TIARA: trends",
    "insights": "TIARA: insights",
    "resources": "TIARA: resources",
    "assignments": "TIARA: assignments",
}

BANK = [
    Question(
        "day-walkthrough",
        "typical-day",
        "Could you walk me through a usual day or week as {role}?",
        3,
        OPENER,
    ),
    Question(
        "day-seasons",
        "typical-day",
        "Does the rhythm of the work change over the year, and what drives that?",
        2,
    ),
    Question("likes-best", "likes", "What do you enjoy most about working in {field}?", 2, OPENER),
    Question(
        "likes-least", "likes", "What part of the work would you happily hand to someone else?", 2
    ),
    Question(
        "training-how",
        "training",
        "How did you learn to do this work: on the job, in a program, somewhere earlier?",
        3,
    ),
    Question(
        "training-again",
        "training",
        "If you were starting in {field} today, would you prepare the same way?",
        2,
    ),
    Question(
        "success-traits", "success", "What do the people who do well as {role} have in common?", 3
    ),
    Question(
        "success-skills",
        "success",
        "Which skills make the biggest difference in your work day to day?",
        2,
    ),
    Question(
        "hindsight-wish",
        "hindsight",
        "Looking back, what do you wish someone had told you early on?",
        2,
    ),
    Question(
        "hindsight-differently",
        "hindsight",
        "Is there anything you would do differently if you started over?",
        2,
    ),
    Question(
        "grad-programs",
        "graduate-programs",
        "Which graduate programs or certificates do people in {field} value?",
        2,
    ),
    Question(
        "associations-which",
        "associations",
        "Are there professional associations in {field} worth joining, and is there a local chapter?",
        2,
    ),
    Question(
        "associations-attend",
        "associations",
        "Would it make sense for a student to attend one of their meetings?",
        1,
    ),
    Question(
        "current-how", "keeping-current", "How do you keep up with what is changing in {field}?", 2
    ),
    Question(
        "current-reading",
        "keeping-current",
        "Is there something you would recommend I read or listen to?",
        1,
    ),
    Question(
        "advice-start",
        "advice",
        "What advice would you give someone just starting to explore {field}?",
        2,
    ),
    Question(
        "trends-next",
        "trends",
        "What changes do you see coming to {field} over the next few years?",
        2,
    ),
    Question(
        "insights-surprise",
        "insights",
        "What surprised you most after you joined {organization}?",
        2,
    ),
    Question(
        "resources-people",
        "resources",
        "Which people, groups or events helped you most when you were new?",
        2,
    ),
    Question(
        "assignments-try",
        "assignments",
        "Is there a small project or task I could try to get a feel for this work?",
        2,
    ),
    Question(
        "referrals-people",
        "referrals",
        "Can you suggest two or three other people I might talk with? May I mention your name when I contact them?",
        2,
        CLOSER,
    ),
]


def plan(questions: list[Question], minutes: int) -> list[Question]:
    """Questions that fit a meeting of ``minutes``: openers first, the referral question last,
    one question a theme before a second, until the time (less the margin) is used."""
    budget = max(minutes - MARGIN_MINUTES, 0)
    closers = [q for q in questions if q.place == CLOSER][:1]
    budget -= sum(q.minutes for q in closers)
    ordered = sorted(
        (q for q in questions if q.place != CLOSER),
        key=lambda q: (q.place != OPENER, theme_rank(q, questions)),
    )
    chosen: list[Question] = []
    for question in ordered:
        if question.minutes <= budget:
            chosen.append(question)
            budget -= question.minutes
    return chosen + closers


def theme_rank(question: Question, questions: list[Question]) -> int:
    """0 for the first question of its theme, 1 for the second…: themes are covered broadly."""
    same = [q.key for q in questions if q.theme == question.theme]
    return same.index(question.key) if question.key in same else 0


def total_minutes(questions: list[Question]) -> int:
    return sum(q.minutes for q in questions) + MARGIN_MINUTES
