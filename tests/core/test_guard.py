"""The guard: never a job ask or a resume offer, and outreach shaped the way the method says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapport.core.guard import Context, check, has_error, note_limits

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [
    ROOT.parent / "shared" / "corpus" / "guard_dev.jsonl",
    ROOT / "tests" / "data" / "guard_own.jsonl",
]


def rules(text: str, kind: str = "text", context: Context | None = None) -> set[str]:
    return {finding.rule for finding in check(text, kind, context) if finding.severity == "error"}


def found(text: str, kind: str, context: Context | None = None) -> set[tuple[str, str]]:
    """Every finding, errors and warnings, as (rule, severity)."""
    return {(finding.rule, finding.severity) for finding in check(text, kind, context)}


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda path: path.name)
def test_labelled_sentences_are_judged_as_labelled(corpus):
    """Both sets were in view when the patterns were written, neither was trained on: the
    guard (patterns and model) keeps precision and recall of at least 0.97 on each."""
    if not corpus.exists():
        pytest.skip(f"{corpus} is not beside this checkout")
    rows = [json.loads(line) for line in corpus.read_text().splitlines()]
    flagged = [has_error(check(row["text"])) for row in rows]
    missed = [r["text"] for r, f in zip(rows, flagged, strict=True) if r["violation"] and not f]
    wrong = [r["text"] for r, f in zip(rows, flagged, strict=True) if f and not r["violation"]]
    violations = sum(bool(row["violation"]) for row in rows)
    assert len(missed) <= 0.03 * violations, missed
    assert len(wrong) <= 0.03 * (violations - len(missed) + len(wrong)), wrong


@pytest.mark.parametrize(
    "text",
    [
        "Are you hiring?",
        "Keep me in mind if anything opens up.",
        "Could you refer me to your recruiter?",
        "Would you look at my resume?",
        "How could I break into your team?",
        "Could you pass my resume along to whoever is hiring?",
    ],
)
def test_job_asks_are_errors(text):
    assert "job-ask" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Which graduate programs do you like to see on the resumes of job applicants?",
        "Can you suggest two or three other people I might contact?",
        "May I use your name if I contact them?",
        "What do you look for when you read resumes?",
        "How do people break into this field?",
        "Keep me posted on how things go at the company!",
    ],
)
def test_the_methods_own_questions_pass(text):
    assert rules(text) == set()


def test_a_disclaimer_is_not_an_ask_but_an_ask_after_it_still_is():
    assert rules("I'm not asking for a job, just your advice.") == set()
    assert "job-ask" in rules("I'm not asking for a job, but keep me in mind if anything opens up.")


def test_offering_a_resume_is_its_own_rule():
    assert rules("I've attached my resume for context.") == {"resume-offer"}
    assert rules("Happy to share my resume for context.") == {"resume-offer"}


def test_a_finding_points_at_its_sentence_with_a_suggestion():
    text = "Thank you for your time. Are you hiring? I'd love to know."
    (finding,) = [f for f in check(text) if f.rule == "job-ask"]
    assert text[finding.start : finding.end] == "Are you hiring?"
    assert finding.suggestion.endswith("?")
    assert "hiring" in finding.message


def test_spans_survive_curly_quotes_and_accents():
    text = "Merci, José. I’d love to be considered for any openings."
    (finding,) = check(text)
    assert text[finding.start : finding.end] == "I’d love to be considered for any openings."


GOOD_EMAIL = """Subject: Joe Serra suggested I reach out

Dear Ms. Okafor,

Joe Serra suggested I contact you. I'm Dana Brown, a junior at UMass Amherst majoring in History, and I'm exploring careers in public policy. I'd be grateful to hear about your experience as a policy analyst at the Harbor Policy Institute. Would you have 15 minutes at your convenience in the next few weeks for a short call?

Best,
Dana Brown"""


def test_a_good_email_has_no_finding():
    context = Context(referrer="Joe Serra")
    assert check(GOOD_EMAIL, "email", context) == []


def test_an_email_without_subject_or_question_or_connection_is_stopped():
    text = "Hi,\n\nI'm a junior at UMass. I want to learn about policy. Let me know a time.\n\nThanks,\nDana"
    assert {"subject", "question", "connection-first", "about-them"} <= rules(text, "email")


def test_a_missing_subject_names_no_one_the_student_did_not():
    text = "Hi Ms. Lee,\n\nWe both studied at UMass. Would you have 15 minutes?\n\nDana"
    found = [f for f in check(text, "email") if f.rule == "subject"]
    assert found and "Joe Serra" not in found[0].message and found[0].suggestion == ""
    named = [f for f in check(text, "email", Context(referrer="Ana Ruiz")) if f.rule == "subject"]
    assert named[0].suggestion == "Ana Ruiz suggested I reach out"


def test_the_subject_names_only_the_referrer():
    text = GOOD_EMAIL.replace("Joe Serra suggested I reach out", "Quick question about jobs")
    findings = [
        f for f in check(text, "email", Context(referrer="Joe Serra")) if f.rule == "subject"
    ]
    assert {f.suggestion for f in findings} >= {"Joe Serra suggested I reach out"}
    assert text[findings[0].start : findings[0].end] == "Quick question about jobs"


def test_a_long_email_and_a_long_ask_are_errors():
    long_body = GOOD_EMAIL.replace(
        "Would you have 15 minutes", " ".join(["word"] * 80) + ". Would you have 45 minutes"
    )
    assert {"length", "time-ask"} <= rules(long_body, "email", Context(referrer="Joe Serra"))


def test_a_sound_bite_puts_the_referrer_in_the_first_ten_words_and_stays_short():
    good = (
        "Hello, Joe Serra suggested I contact you. My name is Dana Brown, a UMass Amherst junior "
        "majoring in History, and I wonder if I could have 15 minutes at your convenience to ask "
        "about your experience as a policy maker."
    )
    assert rules(good, "soundbite", Context(referrer="Joe Serra")) == set()
    late = "My name is Dana Brown and I study history at UMass Amherst; Joe Serra suggested I call."
    assert "connection-first" in rules(late, "soundbite", Context(referrer="Joe Serra"))
    assert "length" in rules(" ".join(["word"] * 60), "soundbite")


def test_a_connection_note_is_counted_in_characters_as_linkedin_counts():
    note = "Hi Priya, Joe Serra suggested I reach out. I'm Dana, a UMass junior in History."
    context = Context(referrer="Joe Serra")
    assert found(note, "linkedin-note", context) == set()
    free, paid = note_limits()
    padded = note + " I'd be glad to connect." * 6
    assert free < len(padded) <= paid
    assert found(padded, "linkedin-note", context) == {("length", "warning")}
    assert found(padded * 2, "linkedin-note", context) == {("length", "error")}


def test_a_phone_script_opens_with_a_sound_bite_and_has_a_line_for_a_bad_moment():
    bite = (
        "Hello, Joe Serra suggested I call. I'm Dana Brown, a UMass junior. Could I have 15 "
        "minutes at your convenience to ask about your work as an analyst?"
    )
    later = "If now does not suit you: “When would suit you better for a 15-minute call?”"
    context = Context(referrer="Joe Serra")
    assert found(f"{bite}\n\n{later}", "phone-script", context) == set()
    assert found(bite, "phone-script", context) == {("phone-later", "warning")}
    # Only what is said on pick-up is held to the sound bite's place and length.
    long_later = later + " I could also call back later today." * 8
    assert found(f"{bite}\n\n{long_later}", "phone-script", context) == set()
    assert ("length", "error") in found(bite * 2 + f"\n\n{later}", "phone-script", context)
    assert "connection-first" in rules(
        f"My name is Dana Brown and I am calling you today. {bite}\n\n{later}",
        "phone-script",
        context,
    )


def test_a_report_back_thanks_the_referrer_and_says_what_came_of_it():
    good = "Dear Joe,\n\nThank you for suggesting Priya. We spoke on Monday.\n\nBest,\nDana"
    assert found(good, "report-back") == set()
    assert found("Dear Joe,\n\nPriya is great.\n\nBest,\nDana", "report-back") == {
        ("report-thanks", "warning"),
        ("report-outcome", "warning"),
    }


def test_a_thank_you_that_opens_with_thanks_is_still_counted():
    body = "Thank you for your time yesterday. " + "It helped a great deal. " * 40
    assert "length" in rules(f"Dear Priya,\n\n{body}\n\nThanks again,\nDana", "thank-you")


def test_strict_mode_flags_job_words_as_a_warning():
    findings = check("What do you look for in resumes?", "text", Context(strict=True))
    assert [(f.rule, f.severity) for f in findings] == [("job-words", "warning")]


def test_tone_rules_coach_without_blocking():
    findings = check("Could I pick your brain sometime?? thx!!", "text")
    assert {f.rule for f in findings} == {"pick-your-brain", "texting"}
    assert not has_error(findings)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        check("Hello", "tweet")
