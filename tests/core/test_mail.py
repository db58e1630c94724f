"""Reading the mail a mailbox sync fetched: the messages here are built as Gmail, Outlook,
Exchange, a vacation autoresponder and Google Calendar write them, and junk must never raise.
"""

from __future__ import annotations

import email
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.core.mail import (
    HEADER_FIELDS,
    Answer,
    Headers,
    body_text,
    excerpt,
    is_automatic,
    meeting_answer,
    message_ids,
    normal_address,
    normal_id,
    read_headers,
    return_date,
)

#: When the out-of-office answers arrive: Tuesday 8 December 2026.
RECEIVED = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)


def message(subject="Informational interview", **fields) -> EmailMessage:
    """A message from Ana to Dana; ``fields`` adds header fields (x_autoreply= → X-Autoreply)."""
    mail = EmailMessage()
    mail["From"] = "Ana Ruiz <ana@x.org>"
    mail["To"] = "Dana Brown <dana@example.edu>"
    mail["Subject"] = subject
    mail["Date"] = "Tue, 08 Dec 2026 09:30:00 +0000"
    mail["Message-ID"] = "<reply-1@mail.x.org>"
    for name, value in fields.items():
        mail[name.replace("_", "-")] = value
    return mail


GMAIL_REPLY_TEXT = """Hi Ana,

Thursday at 10 works for me.  I'll call your office line.

Best,
Dana

On Mon, Dec 7, 2026 at 9:00 AM Ana Ruiz <ana@x.org> wrote:
> Would Thursday morning work for a 20-minute call?
>
> Ana
"""


def gmail_reply() -> bytes:
    mail = EmailMessage()
    mail["From"] = "Dana Brown <Dana@Example.EDU>"
    mail["To"] = "Ana Ruiz <ana@x.org>"
    mail["Cc"] = "Ben Okafor <ben@x.org>, ANA@x.org"
    mail["Subject"] = "Re: Informational interview"
    mail["Date"] = "Mon, 07 Dec 2026 10:15:00 -0500"
    mail["Message-ID"] = "<CAF=Reply.42@Mail.Gmail.COM>"
    mail["In-Reply-To"] = "<Invite.1@X.ORG>"
    mail["References"] = "<Intro.0@x.org> <Invite.1@X.ORG>"
    mail.set_content(GMAIL_REPLY_TEXT)
    mail.add_alternative(
        "<div dir=ltr>Hi Ana,<div><br></div><div>Thursday at 10 works for me.</div></div>"
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Dec 7, 2026 at 9:00 AM'
        " Ana Ruiz &lt;ana@x.org&gt; wrote:<br></div><blockquote>Would Thursday work?"
        "</blockquote></div>",
        subtype="html",
    )
    return mail.as_bytes()


def test_a_gmail_reply_has_its_sender_recipients_thread_and_date():
    assert read_headers(gmail_reply()) == Headers(
        message_id="CAF=Reply.42@mail.gmail.com",
        sender="dana@example.edu",
        recipients=("ana@x.org", "ben@x.org"),
        subject="Re: Informational interview",
        sent_at=datetime(2026, 12, 7, 15, 15, tzinfo=UTC),
        thread=("Invite.1@x.org", "Intro.0@x.org"),
        automatic=False,
    )


def test_the_header_block_alone_reads_as_the_whole_message_does():
    raw = gmail_reply()
    head = raw.split(b"\n\n", 1)[0] + b"\n\n"
    assert b"Thursday" not in head
    assert read_headers(head) == read_headers(raw)


def test_a_gmail_reply_reads_as_its_plain_text_and_its_excerpt_is_the_new_words():
    text = body_text(gmail_reply())
    assert text.startswith("Hi Ana,\n\nThursday at 10 works for me.")
    assert "> Would Thursday morning work" in text
    assert (
        excerpt(text)
        == "Hi Ana, Thursday at 10 works for me. I'll call your office line. Best, Dana"
    )


def test_an_attribution_line_that_gmail_wrapped_still_starts_the_quote():
    text = (
        "Thanks, see you Thursday.\n\n"
        "On Mon, Dec 7, 2026 at 9:00 AM Ana Ruiz <\nana@x.org> wrote:\n\nold"
    )
    assert excerpt(text) == "Thanks, see you Thursday."


def test_references_folded_over_several_lines_yield_every_id_in_order():
    raw = (
        b"From: ana@x.org\r\n"
        b"Subject: Re: Re: Coffee\r\n"
        b"In-Reply-To: <C3@z.org>\r\n"
        b"References: <A1@X.org>\r\n <B2@Y.ORG>\r\n\t<C3@z.org>\r\n"
        b"\r\n"
    )
    assert message_ids("<A1@X.org>\r\n <B2@Y.ORG>\r\n\t<C3@z.org>") == [
        "A1@x.org",
        "B2@y.org",
        "C3@z.org",
    ]
    assert read_headers(raw).thread == ("C3@z.org", "A1@x.org", "B2@y.org")


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("<AbC@x.org>", "AbC@x.org"),
        ("  <AbC@X.Org>\r\n", "AbC@x.org"),
        ("AbC@X.ORG", "AbC@x.org"),
        ("<no-domain>", "no-domain"),
        ("", ""),
    ],
)
def test_a_message_id_keeps_the_case_of_its_local_part_only(text, normal):
    assert normal_id(text) == normal


def test_ids_without_brackets_are_still_found():
    assert message_ids("one@X.org two@y.org") == ["one@x.org", "two@y.org"]
    assert message_ids("(no ids here)") == []


OUTLOOK_HTML = """<html><head><meta charset="utf-8"><title>Re: Coffee</title>
<style>p.MsoNormal {margin:0cm; font-family:"Calibri"}</style></head>
<body><div class=WordSection1>
<p class=MsoNormal>Thanks Dana &amp; see you&nbsp;then.</p>
<p class=MsoNormal>Ana</p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class=MsoNormal><b>From:</b> Dana Brown &lt;dana@example.edu&gt;<br>
<b>Sent:</b> Monday, December 7, 2026 9:00 AM<br>
<b>To:</b> Ana Ruiz &lt;ana@x.org&gt;<br>
<b>Subject:</b> Coffee</p></div>
<p class=MsoNormal>Would you have 20 minutes next week?</p>
<script>track()</script></div></body></html>"""


def test_an_outlook_reply_in_html_only_reads_as_its_text_without_styles_or_scripts():
    mail = message("RE: Coffee")
    mail.set_content(OUTLOOK_HTML, subtype="html", charset="utf-8", cte="quoted-printable")
    text = body_text(mail.as_bytes())
    assert text.startswith("Thanks Dana & see you then.\n\nAna\n\nFrom:")
    assert "From: Dana Brown <dana@example.edu>\nSent: Monday, December 7, 2026 9:00 AM" in text
    assert "MsoNormal" not in text
    assert "track()" not in text
    assert "Re: Coffee" not in text  # the title is not shown
    assert excerpt(text) == "Thanks Dana & see you then. Ana"


def test_a_blockquote_reads_as_quoted_lines():
    mail = message()
    mail.set_content(
        "<p>Yes, Thursday.</p><blockquote><p>Does Thursday work?</p>"
        "<blockquote>Hello</blockquote></blockquote><p>D.</p>",
        subtype="html",
    )
    assert (
        body_text(mail.as_bytes()) == "Yes, Thursday.\n\n> Does Thursday work?\n\n> > Hello\n\nD."
    )


def test_the_plain_text_is_read_rather_than_an_attachment_or_the_html():
    mail = message()
    mail.set_content("<p>The <b>HTML</b> part</p>", subtype="html")
    mail.add_attachment("notes, not the body", filename="notes.txt")
    assert body_text(mail.as_bytes()) == "The HTML part"
    mail = message()
    mail.set_content("The plain part\n")
    mail.add_alternative("<p>The HTML part</p>", subtype="html")
    assert body_text(mail.as_bytes()) == "The plain part\n"


def test_a_forwarded_message_is_not_read_as_the_body():
    forwarded = message("Fwd: intro")
    forwarded.set_content("The forwarded text\n")
    mail = message()
    mail.set_content("<p>See below</p>", subtype="html")
    mail.add_attachment(forwarded, disposition="inline")
    assert body_text(mail.as_bytes()) == "See below"


def test_a_body_is_decoded_with_its_charset_and_a_bogus_charset_falls_back_to_utf8():
    latin = b"Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
    latin += b"Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 jeudi ?\r\n"
    assert body_text(latin) == "Café jeudi ?\n"
    bogus = b"Subject: x\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\nZo\xc3\xab \xff\n"
    assert body_text(bogus) == "Zoë \ufffd\n"


def test_a_message_without_text_has_no_body_text():
    mail = message()
    mail.set_content(b"\x89PNG", maintype="image", subtype="png")
    assert body_text(mail.as_bytes()) == ""


@pytest.mark.parametrize(
    "quote",
    [
        "> Would Thursday work?",
        "Le lun. 7 déc. 2026 à 09:00, Ana Ruiz <ana@x.org> a écrit :",
        "Am 07.12.2026 um 09:00 schrieb Ana Ruiz <ana@x.org>:",
        "El lun, 7 dic 2026 a las 9:00, Ana Ruiz (<ana@x.org>) escribió:",
        "-----Original Message-----",
        "________________________________",
        "From: Ana Ruiz <ana@x.org>\nSent: Monday, December 7, 2026 9:00 AM",
        "De : Ana Ruiz <ana@x.org>\nEnvoyé : lundi 7 décembre 2026 09:00",
        "-- \nDana Brown\nUMass Amherst, History '27",
    ],
)
def test_an_excerpt_stops_where_the_quote_or_the_signature_begins(quote):
    text = f"Thanks,   see you\nThursday.\n\n{quote}\nWould Thursday work?\n"
    assert excerpt(text) == "Thanks, see you Thursday."


def test_a_from_line_without_a_sent_line_is_the_writers_own_words():
    text = "Great news.\nFrom: the team at the Ledger, a job offer!\n"
    assert excerpt(text) == "Great news. From: the team at the Ledger, a job offer!"


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        (100, "Thursday at ten works for me"),
        (28, "Thursday at ten works for me"),
        (27, "Thursday at ten works for…"),
        (12, "Thursday at…"),
        (11, "Thursday…"),
        (5, "Thur…"),
        (1, "…"),
        (0, ""),
    ],
)
def test_an_excerpt_is_cut_at_a_word_within_its_limit(limit, shown):
    assert excerpt("Thursday at ten works for me", limit) == shown
    assert len(shown) <= limit


def exchange_out_of_office() -> bytes:
    mail = message(
        "Automatic reply: Informational interview",
        auto_submitted="auto-replied",
        x_auto_response_suppress="All",
        x_ms_exchange_inbox_rules_loop="ana@x.org",
    )
    mail.set_content(
        "I am out of the office until 14 December with limited access to email.\n"
        "For urgent matters, please contact Ben Okafor at ben@x.org.\n"
    )
    mail.add_alternative("<p>I am out of the office until 14 December.</p>", subtype="html")
    return mail.as_bytes()


def test_an_exchange_out_of_office_is_automatic_and_says_when_its_writer_is_back():
    headers = read_headers(exchange_out_of_office())
    assert headers.automatic is True
    assert headers.subject == "Automatic reply: Informational interview"
    text = f"{headers.subject}\n{body_text(exchange_out_of_office())}"
    assert return_date(text, RECEIVED) == date(2026, 12, 14)


def test_a_vacation_autoresponder_is_automatic_and_says_when_its_writer_is_back():
    mail = message("Re: Coffee chat?", x_autoreply="yes")
    mail.set_content("Hi! I'm away until Monday, December 14 and will answer then.\n")
    raw = mail.as_bytes()
    assert read_headers(raw).automatic is True
    assert return_date(body_text(raw), RECEIVED) == date(2026, 12, 14)


def test_outlooks_suppress_header_alone_does_not_make_mail_automatic():
    mail = message("RE: Coffee", x_auto_response_suppress="All")
    assert is_automatic(mail) is False
    assert read_headers(mail.as_bytes()).automatic is False


@pytest.mark.parametrize(
    "fields",
    [
        {"auto_submitted": "auto-replied"},
        {"auto_submitted": "auto-generated; owner-email=ana@x.org"},
        {"x_autoreply": "yes"},
        {"x_autorespond": "Vacation"},
        {"precedence": "bulk"},
        {"precedence": "Auto_Reply"},
        {"precedence": "list"},
        {"precedence": "junk"},
    ],
)
def test_automatic_header_fields_make_mail_automatic(fields):
    assert is_automatic(message(**fields)) is True


@pytest.mark.parametrize(
    "fields", [{"auto_submitted": "no"}, {"auto_submitted": "No"}, {"precedence": "first-class"}]
)
def test_a_person_may_send_mail_with_harmless_fields(fields):
    assert is_automatic(message(**fields)) is False


@pytest.mark.parametrize(
    "subject",
    [
        "Out of Office: Informational interview",
        "Out of the office",
        "Automatic reply: Coffee",
        "AUTO-REPLY: Coffee",
        "Auto Reply",
        "Autoreply: Re: Coffee",
        "Réponse automatique : Café",
        "Abwesenheitsnotiz: Kaffee",
        "Automatische Antwort: Kaffee",
        "Respuesta automática: Café",
        "Away from the office",
        "On vacation until 14 December",
        "=?utf-8?q?R=C3=A9ponse_automatique=C2=A0:_Caf=C3=A9?=",
    ],
)
def test_an_out_of_office_subject_makes_mail_automatic(subject):
    raw = f"From: ana@x.org\r\nSubject: {subject}\r\n\r\n".encode()
    assert read_headers(raw).automatic is True


@pytest.mark.parametrize(
    "subject", ["Re: Informational interview", "Office hours next week?", "Reply to your note"]
)
def test_a_persons_subject_is_not_automatic(subject):
    raw = f"From: ana@x.org\r\nSubject: {subject}\r\n\r\n".encode()
    assert read_headers(raw).automatic is False


def test_is_automatic_reads_a_message_parsed_under_the_modern_policy_too():
    raw = b"From: ana@x.org\r\nSubject: =?utf-8?q?R=C3=A9ponse_automatique?=\r\n\r\nx"
    assert is_automatic(email.message_from_bytes(raw, policy=policy.default)) is True


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("I am out of the office until 14 December.", date(2026, 12, 14)),
        ("I'll be back on Monday, December 14.", date(2026, 12, 14)),
        ("Returning Dec 14th, slow replies until then.", date(2026, 12, 14)),
        ("I will return on 14/12.", date(2026, 12, 14)),
        ("I will return on 12/14.", date(2026, 12, 14)),
        ("I will return on 5/1.", date(2027, 1, 5)),
        ("Out until January 4, 2027.", date(2027, 1, 4)),
        ("Out until 4 January.", date(2027, 1, 4)),
        ("Out until the 4th of January 2028", date(2028, 1, 4)),
        ("Back on the 4th.", date(2027, 1, 4)),
        ("Back on the 10th.", date(2026, 12, 10)),
        ("Back on Monday.", date(2026, 12, 14)),
        ("Back on Tuesday.", date(2026, 12, 15)),  # said on a Tuesday: next week's
        ("I will be back in the office on Friday 11 December.", date(2026, 12, 11)),
        ("Reachable again 2026-12-14.", date(2026, 12, 14)),
        ("Out until 8 December.", date(2026, 12, 8)),
        ("Out until 29 February.", date(2028, 2, 29)),
        ("Je suis de retour le 14 décembre.", date(2026, 12, 14)),
        ("Absent jusqu'au 4 janvier.", date(2027, 1, 4)),
        ("Ich bin bis zum 14. Dezember nicht im Büro.", date(2026, 12, 14)),
        ("Abwesend bis 14.12.2026.", date(2026, 12, 14)),
        ("Estaré fuera hasta el 14 de diciembre.", date(2026, 12, 14)),
        ("Away from 9 December until 14 December, back on the 15th", date(2026, 12, 14)),
        ("I'll get back to you soon. I return on 14 December.", date(2026, 12, 14)),
    ],
)
def test_an_out_of_office_says_when_its_writer_is_back(text, back):
    assert return_date(text, RECEIVED) == back


def test_a_date_without_a_year_already_past_is_next_years():
    received = datetime(2026, 12, 20, tzinfo=UTC)
    assert return_date("Out of the office until 14 December", received) == date(2027, 12, 14)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thanks for your message, I will get back to you soon.",
        "I am out of the office until further notice.",
        "I'm out until 5pm.",
        "Out until 9.30 tomorrow.",
        "Out until 31/11.",
        "I met her on 14 December.",  # a date, but no cue
        "Back on 99999999999999999999/12",
    ],
)
def test_no_cue_with_a_date_means_no_return_date(text):
    assert return_date(text, RECEIVED) is None


GOOGLE_REPLY_ICS = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:REPLY
BEGIN:VEVENT
DTSTART:20261210T150000Z
DTEND:20261210T153000Z
DTSTAMP:20261207T120000Z
ORGANIZER;CN=Dana Brown:mailto:dana@example.edu
UID:meeting-42@rapport.example
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ana Ruiz;X-NUM-
 GUESTS=0:mailto:Ana.Ruiz@X.org
COMMENT:Looking forward to it
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Accepted: Informational interview @ Thu Dec 10\\, 2026 10am - 10:30am (EST)
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")


def test_a_google_calendar_acceptance_is_a_reply_with_its_attendee_and_time():
    mail = message("Accepted: Informational interview @ Thu Dec 10, 2026 10am - 10:30am (EST)")
    mail.set_content("Ana Ruiz has accepted this invitation.\n")
    mail.add_alternative("<p>Ana Ruiz has accepted this invitation.</p>", subtype="html")
    mail.add_alternative(GOOGLE_REPLY_ICS, subtype="calendar", params={"method": "REPLY"})
    mail.add_attachment(
        GOOGLE_REPLY_ICS.encode(), maintype="application", subtype="ics", filename="invite.ics"
    )
    assert meeting_answer(mail.as_bytes()) == Answer(
        uid="meeting-42@rapport.example",
        method="REPLY",
        status="accepted",
        attendee="ana.ruiz@x.org",
        starts=datetime(2026, 12, 10, 15, 0, tzinfo=UTC),
        ends=datetime(2026, 12, 10, 15, 30, tzinfo=UTC),
        comment="Looking forward to it",
    )


COUNTER_ICS = b"""BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:COUNTER
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:meeting-42@rapport.example
ATTENDEE;CN=Ana Ruiz:MAILTO:ana@x.org
DTSTART;TZID=America/New_York:20261211T140000
DURATION:PT30M
DTSTAMP:20261208T090000Z
SEQUENCE:0
SUMMARY:Informational interview
END:VEVENT
END:VCALENDAR
""".replace(b"\n", b"\r\n")


def test_a_counter_proposal_in_new_york_time_as_an_ics_attachment_gives_the_new_time():
    mail = message("New Time Proposed: Informational interview")
    mail.set_content("Ana proposed a new time: Friday, December 11, 2026 2:00 PM.\n")
    mail.add_attachment(
        COUNTER_ICS, maintype="application", subtype="octet-stream", filename="Counter.ICS"
    )
    assert meeting_answer(mail.as_bytes()) == Answer(
        uid="meeting-42@rapport.example",
        method="COUNTER",
        status="",
        attendee="ana@x.org",
        starts=datetime(2026, 12, 11, 19, 0, tzinfo=UTC),  # 2 p.m. in New York
        ends=datetime(2026, 12, 11, 19, 30, tzinfo=UTC),
        comment="",
    )


def test_a_zone_named_by_its_own_vtimezone_is_honoured():
    ics = COUNTER_ICS.replace(b"America/New_York", b"Eastern Standard Time")
    ics = ics.replace(
        b"DTSTART;TZID=Eastern Standard Time:20261211",
        b"DTSTART;TZID=Eastern Standard Time:20260611",
    )
    mail = message()
    mail.set_content("New time")
    mail.add_alternative(ics.decode(), subtype="calendar", params={"method": "COUNTER"})
    answer = meeting_answer(mail.as_bytes())
    assert answer is not None
    assert answer.starts == datetime(2026, 6, 11, 18, 0, tzinfo=UTC)  # summer: UTC-4
    assert answer.ends - answer.starts == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ((b"PARTSTAT=ACCEPTED", b"PARTSTAT=DECLINED"), "status", "declined"),
        ((b"PARTSTAT=ACCEPTED", b"PARTSTAT=TENTATIVE"), "status", "tentative"),
        ((b"PARTSTAT=ACCEPTED", b"PARTSTAT=NEEDS-ACTION"), "status", ""),
        ((b"DTSTART:20261210T150000Z", b"DTSTART:20261210T150000"), "starts", None),
        ((b"DTEND:20261210T153000Z\r\n", b""), "ends", None),
        ((b"COMMENT:Looking forward to it\r\n", b""), "comment", ""),
    ],
)
def test_what_a_reply_leaves_out_or_says_otherwise_is_read_as_such(change, field, value):
    mail = message()
    ics = GOOGLE_REPLY_ICS.encode().replace(*change)
    mail.add_attachment(ics, maintype="text", subtype="calendar", filename="invite.ics")
    answer = meeting_answer(mail.as_bytes())
    assert answer is not None
    assert getattr(answer, field) == value


@pytest.mark.parametrize(
    "ics",
    [
        GOOGLE_REPLY_ICS.replace("METHOD:REPLY", "METHOD:REQUEST"),
        GOOGLE_REPLY_ICS.replace("BEGIN:VEVENT", "BEGIN:VTODO").replace("END:VEVENT", "END:VTODO"),
        "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n",
        "\x00\ufffd not a calendar at all",
    ],
)
def test_an_invitation_or_an_unreadable_calendar_is_no_answer(ics):
    mail = message()
    mail.set_content(ics, subtype="calendar")
    assert meeting_answer(mail.as_bytes()) is None


def test_a_message_without_a_calendar_is_no_answer():
    assert meeting_answer(gmail_reply()) is None


def test_an_internationalized_sender_is_read_in_unicode():
    raw = (
        "From: Zoë Lambert <ZOË@Bücher.DE>\r\n"
        "To: =?utf-8?q?Andr=C3=A9?= <andre@xn--caf-dma.example>, undisclosed-recipients:;\r\n"
        "Subject: =?utf-8?q?Caf=C3=A9_chat?=\r\n =?utf-8?q?_next_week?=\r\n"
        "\r\n"
    ).encode()
    headers = read_headers(raw)
    assert headers.sender == "zoë@bücher.de"
    assert headers.recipients == ("andre@café.example",)
    assert headers.subject == "Café chat next week"


@pytest.mark.parametrize(
    ("address", "normal"),
    [
        ("Zoë <ZOË@Bücher.DE>", "zoë@bücher.de"),
        ("zoe@xn--bcher-kva.de", "zoe@bücher.de"),
        ("ZOE@XN--BCHER-KVA.DE.", "zoe@bücher.de"),
        ('"Ruiz, Ana" <Ana.Ruiz@X.org>', "ana.ruiz@x.org"),
        ("Zoe\u0308@x.org", "zoë@x.org"),  # a decomposed ë is the same letter
        ("bad@xn--zz-zz.example", "bad@xn--zz-zz.example"),  # broken IDNA stays as written
        ("Ana Ruiz", ""),
        ("@x.org", ""),
        ("ana@", ""),
        ("", ""),
    ],
)
def test_an_address_is_normalized_or_empty(address, normal):
    assert normal_address(address) == normal


def test_a_message_without_date_or_message_id_has_empty_fields():
    headers = read_headers(b"From: ana@x.org\r\nTo: dana@example.edu\r\nSubject: Hi\r\n\r\nHi!")
    assert headers == Headers(
        message_id="",
        sender="ana@x.org",
        recipients=("dana@example.edu",),
        subject="Hi",
        sent_at=None,
        thread=(),
        automatic=False,
    )


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("Tue, 08 Dec 2026 10:30:00 +0100", datetime(2026, 12, 8, 9, 30, tzinfo=UTC)),
        ("Tue, 08 Dec 2026 09:30:00", datetime(2026, 12, 8, 9, 30, tzinfo=UTC)),
        ("8 Dec 2026 09:30 -0000", datetime(2026, 12, 8, 9, 30, tzinfo=UTC)),
        ("yesterday-ish", None),
        ("Tue, 08 Dec 99999 09:30:00 +0000", None),
    ],
)
def test_the_date_is_aware_and_in_utc_when_it_gives_no_zone(value, moment):
    sent_at = read_headers(f"Date: {value}\r\n\r\n".encode()).sent_at
    assert sent_at == moment
    assert sent_at is None or sent_at.utcoffset() is not None


EMPTY = Headers(
    message_id="", sender="", recipients=(), subject="", sent_at=None, thread=(), automatic=False
)


@pytest.mark.parametrize(
    "junk",
    [b"", b"\x00\xff\xfe junk \x80\r\n\r\n\xff", b"\r\n\r\nFrom: a@x.org", b"<html>not mail"],
)
def test_junk_gives_empty_fields(junk):
    assert read_headers(junk) == EMPTY
    assert meeting_answer(junk) is None


def test_junk_in_each_field_gives_that_field_empty():
    raw = (
        b"From: <<<@>>>\r\nTo: ;;;,,,\r\nDate: 99 Foo 12345\r\nMessage-ID: \r\n"
        b"References: <>\r\nSubject: =?x-nonsense?q?caf=E9?=\r\n\r\n"
    )
    assert read_headers(raw) == Headers(
        message_id="",
        sender="",
        recipients=(),
        subject="=?x-nonsense?q?caf=E9?=",
        sent_at=None,
        thread=(),
        automatic=False,
    )


def test_the_fields_fetched_first_are_the_ones_read_headers_reads():
    assert set(HEADER_FIELDS) >= {
        "FROM", "TO", "CC", "DATE", "SUBJECT", "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES",
        "AUTO-SUBMITTED", "X-AUTOREPLY", "X-AUTORESPOND", "PRECEDENCE",
    }  # fmt: skip
    assert all(name == name.upper() and name.isascii() for name in HEADER_FIELDS)


@given(st.binary(max_size=2000))
def test_no_bytes_make_the_readers_raise(raw):
    read_headers(raw)
    body_text(raw)
    meeting_answer(raw)


@given(st.text(max_size=500), st.integers(min_value=-5, max_value=300))
def test_no_text_makes_the_text_readers_raise(text, limit):
    assert len(excerpt(text, limit)) <= max(limit, 0)
    return_date(text, RECEIVED)
    normal_address(text)
    message_ids(text)


def test_a_message_as_it_comes_over_the_wire_has_its_quote_cut_too():
    """IMAP hands messages over with CRLF line ends; the quoted part is found all the same."""
    raw = (
        b"From: ana@policy.example.org\r\nSubject: Re: hi\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Happy to talk.\r\n\r\nOn Mon, Dana wrote:\r\n> Hello Ana\r\n"
    )
    assert body_text(raw) == "Happy to talk.\n\nOn Mon, Dana wrote:\n> Hello Ana\n"
    assert excerpt(body_text(raw)) == "Happy to talk."
