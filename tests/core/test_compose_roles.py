"""A contact's role as the drafts and the question bank write it after "as a": never half
lower-cased ("a program Officer, Education"), never an acronym or a name spoiled."""

from __future__ import annotations

import pytest

from rapport.core import compose
from rapport.core.compose import Connection, Recipient, Sender
from rapport.core.questions import BANK

DANA = Sender("Dana Brown", "UMass Amherst", "junior", "History", "413-555-0100")
JOE = Connection(referrer="Joe Serra")

ROLES = [
    ("Program Officer, Education", "a Program Officer, Education"),
    ("Policy Analyst", "a Policy Analyst"),
    ("UX Researcher", "a UX Researcher"),
    ("VP of Engineering", "a VP of Engineering"),
    ("Professor of History", "a Professor of History"),
    ("Aide to Senator Alvarez", "an Aide to Senator Alvarez"),
    ("CEO", "a CEO"),
    ("policy analyst", "a policy analyst"),
    ("Senior policy analyst", "a senior policy analyst"),
    ("Editor", "an editor"),
    ("  Statehouse   reporter ", "a statehouse reporter"),
]


@pytest.mark.parametrize(("role", "written"), ROLES)
def test_a_role_reads_as_the_user_wrote_it_unless_only_its_first_letter_is_a_capital(role, written):
    recipient = Recipient("Maria Okafor", role, "Boston Foundation")
    assert compose.their_work(recipient) == f"your work as {written} at the Boston Foundation"


def test_a_mixed_title_keeps_its_capitals_in_every_first_contact_draft():
    recipient = Recipient("Maria Okafor", "Program Officer, Education", "Boston Foundation")
    drafts = {
        "email": compose.emails(DANA, recipient, JOE)[0],
        "voicemail": compose.voicemails(DANA, recipient, JOE)[0],
        "linkedin-note": compose.linkedin_notes(DANA, recipient, JOE)[0],
        "text-message": compose.text_messages(DANA, recipient, JOE)[0],
        "linkedin-message": compose.linkedin_messages(DANA, recipient, JOE)[0],
    }
    for kind, draft in drafts.items():
        text = " ".join(draft.text.split())
        assert "program Officer" not in text, (kind, text)
        assert "a Program Officer, Education" in text, (kind, text)


@pytest.mark.parametrize(("role", "written"), ROLES)
def test_a_question_of_the_bank_names_the_role_as_the_drafts_do(role, written):
    walkthrough = next(q for q in BANK if q.key == "day-walkthrough")
    expected = f"Could you walk me through a usual day or week as {written}?"
    assert walkthrough.filled(role) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("MBA student", "an"),
        ("SVP of Sales", "an"),
        ("HR manager", "an"),
        ("NGO", "an"),
        ("UX researcher", "a"),
        ("CEO", "a"),
        ("analyst", "an"),
        ("university", "a"),
    ],
)
def test_an_acronym_takes_the_article_its_first_letter_is_read_with(phrase, expected):
    assert compose.article(phrase) == expected


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("Read the report.", "read the report"),
        ("Take the Google Analytics course", "take the Google Analytics course"),
        ("Google Analytics course", "Google Analytics course"),
        ("SQL for analysts", "SQL for analysts"),
        ("I'd start with the census data", "I'd start with the census data"),
        ("I think so", "I think so"),
    ],
)
def test_a_suggestion_or_a_note_keeps_the_capitals_of_names(said, written):
    assert compose.to_do(said) == written
    assert compose.clause(said) == written
