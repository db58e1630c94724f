"""Rules about the shape of a text, which depend on its kind: an e-mail is not a sound bite.

E-mail rules follow METHOD.md: a short body, the connection first, a subject naming only the
referrer, a bounded ask for 15 to 20 minutes put as a question about their experience.
"""

from __future__ import annotations

import re

from rapport.core.guard.findings import ERROR, WARNING, Context, Finding
from rapport.core.guard.text import normalize, sentences, words

SUBJECT = re.compile(r"\A\s*subject\s*:[^\S\n]*(?P<subject>[^\n]*)\n?", re.IGNORECASE)
GREETING = re.compile(
    r"\A\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\b[^\n]*\n", re.IGNORECASE
)
#: A sign-off line is short ("Thanks again,"); "Thank you for your time…" opens a body.
SIGN_OFF = re.compile(
    r"\n\s*(?:best|thanks|thank you|many thanks|sincerely|regards|kind regards|warmly|cheers|"
    r"all the best|with thanks|gratefully)\b[^\n]{0,30}(?:\n[^\n]*){0,4}\s*\Z",
    re.IGNORECASE,
)
MINUTES = re.compile(r"\b(\d{1,3})(?:\s*(?:-|–|to)\s*(\d{1,3}))?[\s-]*(?:min(?:ute)?s?)\b")
LONG_ASKS = re.compile(r"\b(?:an hour|hour-long|half a day|lunch|dinner|all afternoon)\b")
CONVENIENCE = re.compile(
    r"\b(?:at your convenience|when(?:ever)? (?:it's )?convenient|whenever (?:works|suits)|"
    r"fits your schedule|works (?:best )?for you|your schedule|when you have time|"
    r"if you have (?:time|a moment)|when you're free)\b"
)
ABOUT_THEM = re.compile(
    r"\b(?:your (?:experience|advice|insight|insights|perspective|view|views|thoughts|path|"
    r"career|story|work|take)|how you (?:got|came|moved|became|started|chose|decided)|"
    r"learn (?:more )?(?:about|from) you|hear (?:about|from) you)\b"
)
CONNECTION = re.compile(
    r"\b(?:suggested|recommended|referred me|mentioned you|gave me your name|passed along your|"
    r"fellow|alum|alumna|alumnus|alumni|also (?:studied|went|graduated|attended|grew up)|"
    r"we met|we both|as a member of|through|from (?:the )?\w+ (?:club|society|chapter|program))\b"
)
JOB_SUBJECT = re.compile(
    r"\b(?:job|jobs|position|opening|hiring|application|resume|cv|internship|role)\b"
)
#: An earlier e-mail quoted below a reply ("On Monday, Dana wrote:" then "> " lines): the
#: sender's own words again, not counted as the reply's.
QUOTED = re.compile(r"\n(?:[^\n]*\bwrote:[ \t]*\n)?>[^\n]*(?:\n>[^\n]*)*\s*\Z")
LIMITS = {
    "email": (35, 75, 100),
    "follow-up": (0, 75, 100),
    "keep-in-touch": (0, 100, 150),
    "report-back": (0, 120, 150),
    "thank-you": (0, 120, 150),
    "soundbite": (0, 35, 50),
    "voicemail": (0, 60, 75),
    "linkedin-message": (0, 100, 150),
    "text-message": (0, 60, 80),
}
#: A phone script's answer for a bad moment: another time, a call back.
BAD_TIME = re.compile(
    r"\b(?:another time|better time|good time|bad time|call (?:you )?back|when would|"
    r"suit(?:s)? you better|later (?:today|this week)|reschedule|if now (?:is|isn't|does))\b"
)
#: A report back: thanks, and what came of the suggestion.
THANKS = re.compile(r"\b(?:thank|thanks|grateful|appreciate)")
OUTCOME = re.compile(
    r"\b(?:spoke|met|talked|chatted|called|wrote|emailed|e-mailed|heard (?:back )?from|"
    r"getting in touch|got in touch|reached out|had (?:a |our )?(?:call|coffee|conversation|"
    r"chat)|caught up|meeting (?:with|next)|scheduled|set up)\b"
)
#: A LinkedIn connection note: 200 characters on a free account, 300 on a paid one.
NOTE_FREE, NOTE_PAID = 200, 300


def findings(text: str, kind: str, context: Context) -> list[Finding]:
    if kind == "email":
        return email_findings(text, context)
    if kind in ("soundbite", "voicemail"):
        return spoken_findings(text, kind, context)
    if kind == "question":
        return question_findings(text)
    if kind == "linkedin-note":
        return note_findings(text) + connection_findings(text, 0, context, "email")
    if kind == "linkedin-message":
        return length_findings(text, 0, kind) + connection_findings(text, 0, context, "email")
    if kind == "text-message":
        return length_findings(text, 0, kind)
    if kind == "phone-script":
        return phone_findings(text, context)
    if kind == "thank-you":
        _, start, end, _ = split_email(text)
        return length_findings(text[start:end], start, kind)
    if kind == "report-back":
        _, start, end, _ = split_email(text)
        return length_findings(text[start:end], start, kind) + report_findings(text)
    if kind == "follow-up":  # a reply in the first e-mail's thread: no introduction again
        subject, start, end, _ = split_email(text)
        body = text[start:end]
        return (
            job_subject_findings(text, subject)
            + length_findings(body, start, kind)
            + (ask_findings(body, start))
        )
    if kind == "keep-in-touch":  # to someone they know: short, and no ask for a job
        subject, start, end, _ = split_email(text)
        return job_subject_findings(text, subject) + length_findings(text[start:end], start, kind)
    return []


def split_email(text: str) -> tuple[str | None, int, int, int]:
    """Return the subject (None if absent) and the span of the body proper: after the
    greeting, before the sign-off and before any earlier e-mail quoted below it."""
    subject, start = None, 0
    if match := SUBJECT.match(text):
        subject, start = match.group("subject").strip(), match.end()
    if greeting := GREETING.match(text[start:]):
        start += greeting.end()
    end = len(text)
    if quoted := QUOTED.search(text, start):
        end = quoted.start()
    if sign_off := SIGN_OFF.search(text[:end], start):
        end = sign_off.start()
    return subject, start, end, len(text)


def job_subject_findings(text: str, subject: str | None) -> list[Finding]:
    """A subject that speaks of jobs, in a message that is not a first contact."""
    if not subject or not JOB_SUBJECT.search(normalize(subject)):
        return []
    offset = text.lower().index(subject.lower())
    message = "The subject mentions jobs; keep it about them and your conversation."
    return [Finding("subject", ERROR, offset, offset + len(subject), message, "")]


def email_findings(text: str, context: Context) -> list[Finding]:
    subject, start, end, _ = split_email(text)
    body = text[start:end]
    found = subject_findings(text, subject, context)
    found += length_findings(body, start, "email")
    found += connection_findings(body, start, context, "email")
    found += ask_findings(body, start)
    return found


def subject_findings(text: str, subject: str | None, context: Context) -> list[Finding]:
    if subject is None or not subject:
        return [
            Finding(
                "subject",
                ERROR,
                0,
                0,
                "Add a subject line of a few words. With a referrer, only their name "
                "(“[their name] suggested I reach out”); without one, what you share.",
                f"{context.referrer} suggested I reach out" if context.referrer else "",
            )
        ]
    offset = text.lower().index(subject.lower())
    span = (offset, offset + len(subject))
    found = []
    if len(subject) > 60:
        found.append(
            Finding(
                "subject",
                ERROR,
                *span,
                "Keep the subject under 60 characters; three or four words do best.",
                "",
            )
        )
    if JOB_SUBJECT.search(normalize(subject)):
        found.append(
            Finding(
                "subject",
                ERROR,
                *span,
                "The subject mentions jobs; name the connection instead.",
                "",
            )
        )
    if context.referrer and context.referrer.lower() not in subject.lower():
        found.append(
            Finding(
                "subject",
                ERROR,
                *span,
                "With a referrer, the subject names only them.",
                f"{context.referrer} suggested I reach out",
            )
        )
    return found


def length_findings(body: str, start: int, kind: str) -> list[Finding]:
    low, high, limit = LIMITS[kind]
    count = len(words(body))
    span = (start, start + len(body.rstrip()))
    if count > limit:
        return [
            Finding(
                "length",
                ERROR,
                *span,
                f"{count} words: keep it under {limit}. Busy people answer short messages.",
                "",
            )
        ]
    if count > high:
        return [Finding("length", WARNING, *span, f"{count} words: aim for {high} or fewer.", "")]
    if count < low:
        return [
            Finding(
                "length",
                WARNING,
                *span,
                f"{count} words: say who you are, how you are "
                f"connected and what you ask (about {low} to {high} words).",
                "",
            )
        ]
    return []


def note_findings(text: str) -> list[Finding]:
    """A connection note is cut by LinkedIn at its limit: count characters, not words."""
    count = len(text.strip())
    span = (0, len(text.rstrip()))
    if count > NOTE_PAID:
        message = f"{count} characters: LinkedIn takes at most {NOTE_PAID} in a connection note."
        return [Finding("length", ERROR, *span, message, "")]
    if count > NOTE_FREE:
        message = (
            f"{count} characters: a free LinkedIn account takes {NOTE_FREE} in a connection "
            f"note (a paid one {NOTE_PAID})."
        )
        return [Finding("length", WARNING, *span, message, "")]
    return []


def connection_findings(body: str, start: int, context: Context, kind: str) -> list[Finding]:
    """The referrer or the commonality comes first: in the first sentence, or the first ten
    words of a sound bite."""
    parts = sentences(body)
    if not parts:
        return []
    first = parts[0]
    opening = " ".join(words(body)[:10]) if kind != "email" else " ".join(words(first.text))
    cues = [" ".join(words(name)) for name in (context.referrer, *context.commonalities) if name]
    if cues:
        present = any(cue.lower() in opening.lower() for cue in cues)
    else:
        present = bool(CONNECTION.search(normalize(opening)))
    if present:
        return []
    where = "in the first sentence" if kind == "email" else "in the first ten words"
    hint = f"{context.referrer} suggested I contact you." if context.referrer else ""
    return [
        Finding(
            "connection-first",
            ERROR,
            start + first.start,
            start + first.end,
            f"Name your connection {where}: the referrer, or what you share.",
            hint,
        )
    ]


def ask_findings(body: str, start: int) -> list[Finding]:
    plain = normalize(body)
    span = (start, start + len(body.rstrip()))
    found = []
    questions = body.count("?")
    if questions == 0:
        found.append(
            Finding(
                "question",
                ERROR,
                *span,
                "Put your request as a question, ending with “?”.",
                "Would you have 15 minutes to tell me about your experience?",
            )
        )
    elif questions > 3:
        found.append(
            Finding(
                "question", WARNING, *span, f"{questions} questions: one to three read best.", ""
            )
        )
    found += time_findings(plain, start)
    if not ABOUT_THEM.search(plain):
        found.append(
            Finding(
                "about-them",
                ERROR,
                *span,
                "Ask about them: their experience, advice or perspective.",
                "…to hear about your experience as …",
            )
        )
    elif count_words(plain, {"i", "i'm", "i've", "i'd", "me", "my"}) > count_words(
        plain, {"you", "your", "you're", "you've", "yours"}
    ):
        found.append(
            Finding(
                "about-them",
                WARNING,
                *span,
                "More about you than about them: turn "
                "a sentence about yourself into one about them.",
                "",
            )
        )
    if not CONVENIENCE.search(plain):
        found.append(
            Finding(
                "at-your-convenience",
                WARNING,
                *span,
                "Defer to their schedule (“at your convenience”).",
                "at your convenience",
            )
        )
    return found


def time_findings(plain: str, start: int) -> list[Finding]:
    if match := LONG_ASKS.search(plain):
        return [
            Finding(
                "time-ask",
                WARNING,
                start + match.start(),
                start + match.end(),
                "Ask for 15 to 20 minutes, not a meal or an hour.",
                "15 minutes",
            )
        ]
    minutes = [(m, int(m.group(2) or m.group(1))) for m in MINUTES.finditer(plain)]
    if not minutes:
        return [
            Finding(
                "time-ask",
                WARNING,
                start,
                start,
                "Ask for a bounded time: 15 to 20 minutes.",
                "15 minutes",
            )
        ]
    match, most = max(minutes, key=lambda item: item[1])
    span = (start + match.start(), start + match.end())
    if most > 30:
        return [
            Finding(
                "time-ask",
                ERROR,
                *span,
                f"{most} minutes is a lot to ask; 15 to 20 is right.",
                "15 minutes",
            )
        ]
    if most > 20:
        return [
            Finding("time-ask", WARNING, *span, "15 to 20 minutes is the ideal ask.", "20 minutes")
        ]
    return []


def count_words(plain: str, vocabulary: set[str]) -> int:
    return sum(1 for word in words(plain) if word in vocabulary)


def spoken_findings(text: str, kind: str, context: Context) -> list[Finding]:
    found = length_findings(text, 0, kind)
    found += connection_findings(text, 0, context, kind)
    if kind == "voicemail" and len(re.findall(r"\d[\d\s().-]{6,}\d", text)) < 2:
        found.append(
            Finding(
                "voicemail-number",
                WARNING,
                0,
                len(text),
                "Say your phone number twice, slowly.",
                "",
            )
        )
    return found


def phone_findings(text: str, context: Context) -> list[Finding]:
    """A phone script: what is said when they pick up is a sound bite (connection in the first
    ten words, 50 words at most), and the script has an answer ready for "now is not good"."""
    opening = re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]
    start = text.find(opening)
    found = length_findings(opening, start, "soundbite")
    found += connection_findings(opening, start, context, "soundbite")
    if not BAD_TIME.search(normalize(text)):
        found.append(
            Finding(
                "phone-later",
                WARNING,
                0,
                len(text.rstrip()),
                "Have a line ready for when now does not suit them: offer to call at a time "
                "they choose.",
                "If now isn't a good time, when would suit you better for a 15-minute call?",
            )
        )
    return found


def report_findings(text: str) -> list[Finding]:
    """A report back to a referrer thanks them and says what came of their suggestion (read
    over the whole text: "Thank you again for suggesting…" may open a line of its own)."""
    found = []
    span = (0, len(text.rstrip()))
    plain = normalize(text)
    if not THANKS.search(plain):
        found.append(
            Finding(
                "report-thanks",
                WARNING,
                *span,
                "Thank them for the suggestion: the introduction was their gift.",
                "Thank you again for suggesting I talk with them.",
            )
        )
    if not OUTCOME.search(plain):
        found.append(
            Finding(
                "report-outcome",
                WARNING,
                *span,
                "Say what came of it: that you wrote or spoke, and one thing you learned.",
                "",  # what happened is the user's to say; a ready sentence could be untrue
            )
        )
    return found


def question_findings(text: str) -> list[Finding]:
    if text.rstrip().endswith("?"):
        return []
    end = len(text.rstrip())
    return [
        Finding("question", WARNING, 0, end, "A question for the meeting should end with “?”.", "")
    ]
