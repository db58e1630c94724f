"""A contact's role as the drafts and the question bank write it after "as a": never half
lower-cased ("a program Officer"), never an acronym or a name spoiled, and a title written
with a comma ("Program Officer, Education") made a phrase ("a Program Officer in Education")."""

from __future__ import annotations

from datetime import date

import pytest

from rapport.core import compose
from rapport.core.compose import Connection, History, Recipient, Sender
from rapport.core.questions import BANK

DANA = Sender("Dana Brown", "UMass Amherst", "junior", "History", "413-555-0100")
JOE = Connection(referrer="Joe Serra")

ROLES = [
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

#: Titles written "X, Y", as LinkedIn and e-mail signatures write them: Y is the field ("in"),
#: the unit X heads ("of") or a second title ("and"); left out when it is no phrase.
COMMA_ROLES = [
    ("Director, Global Health Programs", "a Director of Global Health Programs"),
    ("Senior Analyst, Energy & Climate", "a Senior Analyst in Energy & Climate"),
    ("Student, MPP '27", "a student"),
    ("VP, Sales", "a VP of Sales"),
    ("Graduate student, public policy", "a graduate student in public policy"),
    ("Founder, CEO", "a Founder and CEO"),
    ("Director, Office of the Mayor", "a Director of the Office of the Mayor"),
    ("Director, Programs, East Africa", "a director"),
    ("Analyst, Boston Foundation", "an analyst"),  # the organization, named after it anyway
    ("Editor,", "an editor"),
]


@pytest.mark.parametrize(("role", "written"), ROLES)
def test_a_role_reads_as_the_user_wrote_it_unless_only_its_first_letter_is_a_capital(role, written):
    recipient = Recipient("Maria Okafor", role, "Boston Foundation")
    assert compose.their_work(recipient) == f"your work as {written} at the Boston Foundation"


@pytest.mark.parametrize(("role", "written"), COMMA_ROLES)
def test_a_title_with_a_comma_reads_as_a_phrase(role, written):
    recipient = Recipient("Maria Okafor", role, "Boston Foundation")
    assert compose.their_work(recipient) == f"your work as {written} at the Boston Foundation"


def test_a_role_that_is_only_a_comma_is_no_role():
    recipient = Recipient("Maria Okafor", " , ", "Boston Foundation")
    assert compose.their_work(recipient) == "your work at the Boston Foundation"


def drafts_for(role: str) -> dict[str, str]:
    """Every draft to the contact, first contact to keep-in-touch, as one line each."""
    recipient = Recipient("Maria Okafor", role, "Boston Foundation", "education")
    history = History(
        subject="Joe Serra suggested I reach out",
        sent_on=date(2026, 11, 2),
        met_on=date(2026, 11, 20),
        last_exchange_on=date(2026, 11, 20),
        today=date(2027, 2, 20),
    )
    drafts = {
        "email": compose.emails(DANA, recipient, JOE)[0],
        "voicemail": compose.voicemails(DANA, recipient, JOE)[0],
        "sound-bite": compose.sound_bites(DANA, recipient, JOE)[0],
        "linkedin-note": compose.linkedin_notes(DANA, recipient, JOE)[0],
        "text-message": compose.text_messages(DANA, recipient, JOE)[0],
        "linkedin-message": compose.linkedin_messages(DANA, recipient, JOE)[0],
        "follow-up": compose.follow_ups(DANA, recipient, history)[0],
        "thank-you": compose.thank_you(DANA, recipient, ("writing",), "read the brief"),
        "keep-in-touch": compose.keep_in_touch(DANA, recipient, history)[0],
    }
    return {kind: " ".join(draft.text.split()) for kind, draft in drafts.items()}


def test_a_mixed_title_keeps_its_capitals_and_reads_as_a_phrase_in_every_draft():
    drafts = drafts_for("Program Officer, Education")
    for kind, text in drafts.items():
        assert "program Officer" not in text, (kind, text)
        assert "Officer, Education" not in text, (kind, text)
    # The drafts that name the role name it as a phrase; the others do not name it at all.
    naming = {kind for kind, text in drafts.items() if "a Program Officer in Education" in text}
    assert naming == {
        "email",
        "voicemail",
        "sound-bite",
        "linkedin-note",
        "text-message",
        "linkedin-message",
        "follow-up",
    }


@pytest.mark.parametrize(("role", "written"), COMMA_ROLES)
def test_no_draft_writes_a_title_with_its_comma(role, written):
    """What the title says and nothing else: a draft says no more of the contact than the
    role the user typed."""
    for kind, text in drafts_for(role).items():
        assert f"{role.split(',')[0]}, " not in text, (kind, text)
        if kind == "email":
            assert written in text, text


@pytest.mark.parametrize(("role", "written"), ROLES + COMMA_ROLES)
def test_a_question_of_the_bank_names_the_role_as_the_drafts_do(role, written):
    walkthrough = next(q for q in BANK if q.key == "day-walkthrough")
    expected = f"Could you walk me through a usual day or week as {written}?"
    assert walkthrough.filled(role, organization="Boston Foundation") == expected


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
