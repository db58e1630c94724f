"""Use cases for reaching out: drafts for a contact, checking them, sending, recording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import make_msgid
from typing import TYPE_CHECKING
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import BadHeaderError
from django.core.mail.utils import DNS_NAME
from django.db.models import Max

from rapport import clock, emails, smtp
from rapport.contacts.models import Contact, Touch
from rapport.contacts.services import ensure_owner, log_touch
from rapport.core import compose, schedule, when
from rapport.core.errors import RapportError
from rapport.core.guard import ERROR, Context, Finding, check
from rapport.core.mail import normal_id
from rapport.core.network import (
    CONVERSATIONS,
    Permission,
    Source,
    TouchKind,
    Year,
    parse_tags,
)

if TYPE_CHECKING:
    from rapport.accounts.models import User

DRAFT_KINDS = ("soundbite", "phone", "voicemail", "email")


class GuardBlocked(RapportError):
    """The text has error findings and the user did not choose to send it anyway."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        rules = ", ".join(sorted({f.rule for f in findings if f.severity == ERROR}))
        super().__init__(
            f"the guard found errors ({rules}); fix them or send anyway with --override"
        )


@dataclass(frozen=True)
class Message:
    subject: str
    body: str

    @classmethod
    def parse(cls, text: str) -> Message:
        """Read a draft: an optional first line ``Subject: …``, then the body."""
        first, _, rest = text.lstrip().partition("\n")
        if first.lower().startswith("subject:"):
            return cls(first.split(":", 1)[1].strip(), rest.strip())
        return cls("", text.strip())

    @property
    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


def sender_of(user: User) -> compose.Sender:
    year = Year(user.year).label if user.year else ""
    interests = tuple(parse_tags(user.interests))
    return compose.Sender(user.name, user.school, year, user.major, user.phone, interests)


def recipient_of(contact: Contact) -> compose.Recipient:
    organization = contact.organization
    return compose.Recipient(
        contact.name,
        contact.role,
        organization.name if organization else "",
        contact.field,
        organization.field if organization else "",
    )


def connection_for(contact: Contact) -> compose.Connection:
    """The referrer when they allowed their name; else the strongest commonality that does not
    name a referrer who has not; else how the user found them on LinkedIn."""
    referrals = list(contact.referred_by.select_related("referrer"))
    allowed = [r.referrer.name for r in referrals if r.permission == Permission.YES]
    if allowed:
        return compose.Connection(referrer=allowed[0])
    withheld = {r.referrer.name.casefold() for r in referrals}
    for commonality in contact.commonalities.all():
        if commonality.detail.casefold() not in withheld:
            return compose.Connection(kind=commonality.kind, detail=commonality.detail)
    if is_linkedin_connection(contact):
        return compose.Connection(kind="linkedin", detail="LinkedIn")
    return compose.Connection()


def moment_for(contact: Contact) -> compose.Moment:
    """What the relationship calls for, from the timeline: a note to someone the user has
    talked with or heard from, the follow-up to an unanswered e-mail, or a first contact."""
    return offered_moments(contact)[-1]


def moments_for(contact: Contact) -> list[compose.Moment]:
    """The moments the compose page offers for ``contact``, only those its timeline makes
    true: a follow-up to an e-mail still unanswered, a note to keep in touch once there has
    been an exchange, a report back only to someone who suggested a person."""
    offered = offered_moments(contact)
    if contact.referrals_made.exists():
        offered.append(compose.Moment.REPORT_BACK)
    return offered


def offered_moments(contact: Contact) -> list[compose.Moment]:
    """First contact until the contact has answered or talked with the user (a first message
    introduces the user, which a second conversation does not), then the follow-up or
    keep-in-touch that the timeline allows, the one it calls for last."""
    times = dict(contact.touches.values_list("kind").annotate(last=Max("happened_at")).order_by())
    answered = max((times[k] for k in CONVERSATIONS if k in times), default=None)
    sent = times.get(TouchKind.EMAIL_SENT)
    moments = [] if answered else [compose.Moment.FIRST]
    if sent and (answered is None or sent > answered):
        moments.append(compose.Moment.FOLLOW_UP)
    if answered:
        moments.append(compose.Moment.KEEP_IN_TOUCH)
    return moments


def history_of(contact: Contact) -> compose.History:
    """The last e-mail sent (the one a follow-up replies to; quoted only when Rapport sent
    or recorded its text, not a note about it) and the last meeting."""
    zone = ZoneInfo(contact.owner.time_zone)
    sent = contact.touches.filter(kind=TouchKind.EMAIL_SENT).order_by("-happened_at").first()
    met = contact.touches.filter(kind=TouchKind.MEETING).order_by("-happened_at").first()
    message = Message("", "")
    if sent and sent.summary.lstrip().lower().startswith("subject:"):
        message = Message.parse(sent.summary)
    heard = contact.touches.filter(kind__in=CONVERSATIONS).order_by("-happened_at").first()
    return compose.History(
        subject=message.subject,
        body=message.body,
        sent_on=sent.happened_at.astimezone(zone).date() if sent else None,
        met_on=met.happened_at.astimezone(zone).date() if met else None,
        last_exchange_on=heard.happened_at.astimezone(zone).date() if heard else None,
        today=clock.local_now().date(),
    )


def report_of(contact: Contact) -> tuple[compose.Report, Contact] | None:
    """For a report back to ``contact``: the person they suggested who got furthest (met,
    then written to, then the latest suggested), and how far it went."""
    zone = ZoneInfo(contact.owner.time_zone)

    def last(person: Contact, kind: TouchKind) -> date | None:
        touch = person.touches.filter(kind=kind).order_by("-happened_at").first()
        return touch.happened_at.astimezone(zone).date() if touch else None

    reports = [
        (compose.Report(p.name, last(p, TouchKind.MEETING), last(p, TouchKind.EMAIL_SENT)), p)
        for p in (r.referred for r in contact.referrals_made.select_related("referred"))
    ]
    if not reports:
        return None
    return max(
        reports, key=lambda item: (item[0].spoke_on is not None, item[0].wrote_on or date.min)
    )


def drafts_for(
    contact: Contact, moment: compose.Moment = compose.Moment.FIRST
) -> dict[str, list[compose.Draft]]:
    """The drafts of ``moment`` for ``contact``, the ones the guard passes first: a first
    contact has a sound bite, a phone script, a voicemail, a LinkedIn connection note (a
    LinkedIn message for someone already connected there) and a text message besides its
    e-mail (keys use "_" so that templates can name them)."""
    sender, recipient = sender_of(contact.owner), recipient_of(contact)
    if moment == compose.Moment.FOLLOW_UP:
        return {"email": compose.follow_ups(sender, recipient, history_of(contact))}
    if moment == compose.Moment.KEEP_IN_TOUCH:
        return {"email": compose.keep_in_touch(sender, recipient, history_of(contact))}
    if moment == compose.Moment.REPORT_BACK:
        found = report_of(contact)
        if found is None:
            return drafts_for(contact, moment_for(contact))
        return {"email": compose.report_back(sender, contact.name, found[0])}
    connection = connection_for(contact)
    linkedin = (
        {"linkedin_message": compose.linkedin_messages(sender, recipient, connection)}
        if is_linkedin_connection(contact)
        else {"linkedin_note": compose.linkedin_notes(sender, recipient, connection)}
    )
    return {
        "soundbite": compose.sound_bites(sender, recipient, connection),
        "phone": compose.phone_scripts(sender, recipient, connection),
        "voicemail": compose.voicemails(sender, recipient, connection),
        **linkedin,
        "text_message": compose.text_messages(sender, recipient, connection),
        "email": compose.emails(sender, recipient, connection),
    }


def is_linkedin_connection(contact: Contact) -> bool:
    """Whether the user and ``contact`` are connected on LinkedIn already (imported from the
    user's connections): an invitation's note would ask for what they have."""
    return contact.source == Source.LINKEDIN


def guard_context(contact: Contact) -> Context:
    connection = connection_for(contact)
    return Context(referrer=connection.referrer, commonalities=connection.cues)


def check_draft(contact: Contact, text: str, kind: str) -> list[Finding]:
    return check(text, kind, guard_context(contact))


def email_message(owner: User, contact: Contact, message: Message) -> emails.EmailMessage:
    if not contact.email:
        raise RapportError(f"{contact.name} has no e-mail address; add one on their page first")
    return emails.outreach(
        owner.name, owner.email, contact.name, contact.email, message.subject, message.body
    )


#: What the user is sending, the guard's kind for it, and the touch it becomes.
SENDS = {
    "email": TouchKind.EMAIL_SENT,
    "follow-up": TouchKind.EMAIL_SENT,
    "keep-in-touch": TouchKind.EMAIL_SENT,
    "report-back": TouchKind.EMAIL_SENT,
    "thank-you": TouchKind.THANK_YOU,
}


def overridden_rules(
    contact: Contact, message: Message, override: bool, kind: str = "email"
) -> str:
    """The error rules sent past, or GuardBlocked if there are some and no override."""
    findings = check_draft(contact, message.text, kind)
    errors = sorted({f.rule for f in findings if f.severity == ERROR})
    if errors and not override:
        raise GuardBlocked(findings)
    return ",".join(errors)


def send_email(
    owner: User,
    contact: Contact,
    message: Message,
    now: datetime,
    *,
    override: bool = False,
    kind: str = "email",
) -> Touch:
    """Send over SMTP and put it on the timeline; nothing is recorded if sending fails."""
    ensure_owner(owner, contact)
    if not settings.SMTP_ENABLED:
        raise RapportError(
            "sending is not set up (EMAIL_URL); use your mail program or a .eml file"
        )
    rules = overridden_rules(contact, message, override, kind)
    check_send_rate(owner, now)
    message_id = deliver(email_message(owner, contact, message))
    return record_sent(owner, contact, message, now, rules, kind, message_id=message_id)


def deliver(outgoing: emails.EmailMessage, kept: str = "the draft is kept") -> str:
    """Send one message over SMTP now; its Message-ID, chosen here so that the mailbox sync
    knows a reply to it by its In-Reply-To. A failure is a RapportError that says why and
    what is ``kept``; nothing was sent."""
    message_id = make_msgid(domain=DNS_NAME.get_fqdn())
    outgoing.extra_headers["Message-ID"] = message_id
    try:
        outgoing.send()
    except smtp.NoSMTPUTF8 as error:
        raise RapportError(
            f"the e-mail was not sent: {error.address} has letters beyond A to Z before the @, "
            "and your mail server does not offer SMTPUTF8, which such an address needs; send "
            f"it from your own mail program (“Open in my mail program” or the .eml file); {kept}"
        ) from None
    except BadHeaderError:
        raise RapportError("the e-mail was not sent: the subject must be a single line") from None
    except OSError as error:  # smtplib's errors are OSErrors, as are refused connections
        # A silent server shows as a timeout, or as smtplib's "closed: timed out".
        reason = (
            f"the mail server did not answer within {settings.EMAIL_TIMEOUT} seconds"
            if isinstance(error, TimeoutError) or "timed out" in str(error)
            else str(error)
        )
        raise RapportError(f"the e-mail was not sent: {reason}; {kept}") from None
    return message_id


def check_send_rate(owner: User, now: datetime) -> None:
    """At most RAPPORT_SEND_LIMIT_PER_HOUR messages an hour through Rapport's mail server: a
    student never needs more, and a stolen account cannot turn a school's server into a
    spammer's."""
    limit = settings.SEND_LIMIT_PER_HOUR
    since = now - timedelta(hours=1)
    recent = (
        Touch.objects.owned_by(owner)
        # Sent just now, not history logged just now (an import, the demo, an old e-mail).
        .filter(kind__in=list(SENDS.values()), created_at__gte=since, happened_at__gte=since)
        .count()
    )
    if recent >= limit:
        raise RapportError(
            f"the e-mail was not sent: you have sent {recent} in the last hour, and Rapport "
            f"sends at most {limit} an hour; the draft is kept, try again later"
        )


def record_sent(
    owner: User,
    contact: Contact,
    message: Message,
    now: datetime,
    rules: str = "",
    kind: str = "email",
    message_id: str = "",
) -> Touch:
    """Put a sent message on the timeline: an e-mail to someone not yet heard from starts the
    3B7 clock, a thank-you ends the thank-you's. ``message_id`` is the Message-ID it went
    out with, when Rapport sent it."""
    mail = {"message_id": normal_id(message_id), "source": "rapport"} if message_id else {}
    return log_touch(owner, contact, SENDS[kind], now, message.text, guard_override=rules, **mail)


#: A conversation this recent makes a note to keep in touch early.
RECENT_TALK = timedelta(days=30)


def talked_lately(contact: Contact, now: datetime) -> str:
    """When the user last talked with ``contact`` (a reply, call, meeting or thank-you), in
    their words ("today", "yesterday", "on Friday 4 December"), if it is recent enough that
    a note to keep in touch would come early; empty otherwise. The day it falls due is the
    agenda's to say: it counts snoozes, a tag's cadence and meetings held."""
    talked = contact.touches.filter(kind__in=CONVERSATIONS).aggregate(last=Max("happened_at"))
    last = talked["last"]
    if last is None or not timedelta(0) <= now - last <= RECENT_TALK:
        return ""
    return when.day_phrase(last, now, ZoneInfo(contact.owner.time_zone))


def what_next(owner: User, contact: Contact, kind: str, now: datetime) -> str:
    """What happens after a first e-mail, in the words of 3B7: when to try someone else at
    the organization, and the day of the one follow-up. Nothing to someone the user has
    talked with or heard from: 3B7 chases only an ask no one has answered."""
    if kind != "email" or contact.touches.filter(kind__in=CONVERSATIONS).exists():
        return ""
    zone = ZoneInfo(owner.time_zone)
    second = schedule.add_business_days(now, schedule.SECOND_PERSON_AFTER, zone)
    follow = schedule.add_business_days(now, schedule.FOLLOW_UP_AFTER, zone)
    first = compose.parse_name(contact.name).given or contact.name
    where = (
        f"someone else at {compose.org(contact.organization.name)}" if contact.organization else ""
    )
    step = f"; if not by {day(second, zone)}, you may try {where}" if where else ""
    return (
        f"Waiting for {first}'s reply{step}. The agenda reminds you of one follow-up on "
        f"{day(follow, zone)}."
    )


def day(moment: datetime, zone: ZoneInfo) -> str:
    """ "Mon 30 Nov" in the user's zone."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}"


def eml_bytes(owner: User, contact: Contact, message: Message) -> bytes:
    """The message as an .eml file that any mail program opens as a draft to send."""
    email = smtp.as_message(email_message(owner, contact, message))
    email["X-Unsent"] = "1"  # Outlook and Apple Mail open it ready to send
    return email.as_bytes()


def mailto_url(contact: Contact, message: Message) -> str:
    return (
        f"mailto:{quote(contact.email)}?subject={quote(message.subject)}&body={quote(message.body)}"
    )
