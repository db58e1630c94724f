"""Use cases for the network: the web views and the CLI both call these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core import signing
from django.db import connection, models, transaction
from django.db.models import Func, QuerySet
from django.db.models.expressions import RawSQL

from rapport.contacts.changes import changing, due_may_have_changed
from rapport.contacts.models import (
    Commonality,
    Contact,
    Organization,
    Referral,
    Tag,
    Touch,
    of_name,
    organization_of_name,
)
from rapport.contacts.summary import counts_changing
from rapport.core.contact_fields import COLUMNS
from rapport.core.errors import InvalidInput, NotFound, RapportError
from rapport.core.network import Permission
from rapport.core.search import query_terms, search_key, trigram_query
from rapport.database import moment_of, update_many

if TYPE_CHECKING:
    from rapport.accounts.models import User


def owned(model: type[Any], owner: User, pk: object) -> Any:
    """Return the user's object with this id; someone else's is as missing as a deleted one."""
    try:
        return model.objects.owned_by(owner).get(pk=int(str(pk)))
    except (ValueError, model.DoesNotExist):
        raise NotFound(f"no {model._meta.verbose_name} with id {pk}") from None


def organization_named(owner: User, name: str) -> Organization | None:
    """Return the user's organization of this name (any case), creating it if it is new."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = organization_of_name(owner, name)
    return existing or Organization.objects.create(owner=owner, name=name)


def tags_named(owner: User, names: Iterable[str]) -> list[Tag]:
    """Return the user's tags of these names (any case), creating the new ones."""
    tags = []
    for name in names:
        tag = of_name(Tag.objects.owned_by(owner), name)
        tags.append(tag or Tag.objects.create(owner=owner, name=name))
    return tags


@transaction.atomic
def save_contact(
    owner: User, contact: Contact, organization: str = "", tags: Iterable[str] = ()
) -> Contact:
    """Save a new or edited contact of ``owner`` with its organization and tags."""
    if contact.pk and contact.owner_id != owner.pk:
        raise NotFound(f"no contact with id {contact.pk}")
    if contact.pk and not Contact.objects.filter(pk=contact.pk, owner=owner).exists():
        # Deleted since it was read (in another tab, say): said, not brought back to life.
        raise NotFound(f"no contact with id {contact.pk}")
    with changing(owner, [contact.pk] if contact.pk else []) as changed:
        contact.owner = owner
        contact.organization = organization_named(owner, organization)
        contact.save()
        contact.tags.set(tags_named(owner, tags))
        refresh_search_text(contact)
        changed.add(contact.pk)
    return contact


def delete_contact(owner: User, contact: Contact) -> None:
    """Delete a contact and its timeline; who was waiting on them (a second person at their
    organization, a report back to their referrer) is brought up to date."""
    ensure_owner(owner, contact)
    with changing(owner, [contact.pk]):
        contact.delete()


def refresh_search_text(contact: Contact) -> None:
    """Recompute what search matches for a contact, after it, its tags or organization change."""
    organization = contact.organization.name if contact.organization else ""
    tags = [tag.name for tag in contact.tags.all()]
    text = search_key(
        [contact.name, organization, contact.role, contact.email, contact.notes, *tags]
    )
    Contact.objects.filter(pk=contact.pk).update(search_text=text)
    contact.search_text = text


def refresh_search_texts(owner: User, ids: Iterable[int]) -> None:
    """``refresh_search_text`` for many of ``owner``'s contacts, in three queries however
    many (the account's rows are read whole: a list of 100,000 ids is too long a query)."""
    wanted = set(ids)
    tags: dict[int, list[str]] = defaultdict(list)
    links = Contact.tags.through.objects.filter(contact__owner=owner)
    for pk, name in links.order_by("tag__sort_name", "tag_id").values_list(
        "contact_id", "tag__name"
    ):
        tags[pk].append(name)
    rows = Contact.objects.owned_by(owner).values_list(
        "pk", "name", "organization__name", "role", "email", "notes"
    )
    texts = [
        (search_key([name, organization or "", role, email, notes, *tags[pk]]), pk)
        for pk, name, organization, role, email, notes in rows
        if pk in wanted
    ]
    update_many(Contact, "search_text", texts)


@transaction.atomic
def save_organization(owner: User, organization: Organization) -> Organization:
    """Save a new or edited organization; its contacts are found under its new name at once."""
    if organization.pk and organization.owner_id != owner.pk:
        raise NotFound(f"no organization with id {organization.pk}")
    organization.owner = owner
    organization.save()
    contacts = list(organization.contacts.prefetch_related("tags"))
    for contact in contacts:
        contact.organization = organization
        refresh_search_text(contact)
    due_may_have_changed(owner, [contact.pk for contact in contacts])  # 3B7 names it
    return organization


@transaction.atomic
def delete_organization(organization: Organization) -> None:
    """Delete an organization; its contacts stay, with no organization."""
    contacts = list(organization.contacts.prefetch_related("tags"))
    with changing(organization.owner, [contact.pk for contact in contacts]):
        organization.delete()
        for contact in contacts:
            contact.organization = None
            refresh_search_text(contact)


TRIGRAM_MATCHES = "SELECT rowid FROM contacts_contact_search WHERE contacts_contact_search MATCH %s"


def find_contacts(
    owner: User, query: str = "", source: str = "", field: str = "", tag: str = ""
) -> QuerySet[Contact]:
    """Return the user's contacts matching every word of ``query`` and each filter given."""
    terms = query_terms(query)
    indexed = trigram_query(terms)
    if indexed and connection.vendor == "sqlite":
        # The trigram index names the candidates, and the substring test below keeps the
        # answer exactly what it was without it. The owner is tested as ``+owner_id``, which
        # SQLite cannot look up in an index: otherwise it may walk all the owner's contacts
        # in name order and test each against the candidates, which is what the index is
        # here to avoid. PostgreSQL's pg_trgm index serves the substring test itself.
        contacts = (
            Contact.objects.alias(owner_of_row=Func("owner_id", template="+%(expressions)s"))
            .filter(owner_of_row=owner.pk)
            .filter(pk__in=RawSQL(TRIGRAM_MATCHES, [indexed]))  # noqa: S611 (constant SQL)
        )
    else:
        contacts = Contact.objects.owned_by(owner)
    for term in terms:
        contacts = contacts.filter(search_text__contains=term)
    if source:
        contacts = contacts.filter(source=source)
    if field:
        contacts = contacts.filter(field__iexact=field)
    if tag:
        # Start from the tag's own links rather than testing every contact for the tag.
        tagged = Contact.tags.through.objects.filter(tag__owner=owner, tag__name__iexact=tag)
        contacts = contacts.filter(pk__in=tagged.values("contact_id"))
    return contacts.select_related("organization")


#: A search of the contact list by its words alone (its most common kind), the statement
#: ``find_contacts`` makes, in the list's order. Written out here: building it with the ORM
#: took 0.4 ms, and reading its rows through it 0.25 ms more, where the database answers in
#: 1.5 ms at 754 matches of 10,000. {terms}: each term's substring test.
SEARCH_INDEXED = (
    "SELECT id FROM contacts_contact WHERE +owner_id = %s AND id IN (SELECT rowid FROM"
    " contacts_contact_search WHERE contacts_contact_search MATCH %s){terms}"
    " ORDER BY sort_name, id"
)
SEARCH_PLAIN = "SELECT id FROM contacts_contact WHERE owner_id = %s{terms} ORDER BY sort_name, id"
#: Django's own ``contains`` on each database (SQLite's LIKE names its escape character).
CONTAINS = {
    "sqlite": " AND search_text LIKE %s ESCAPE '\\'",
    "postgresql": " AND search_text LIKE %s",
}


def search_ids(owner: User, query: str) -> list[int]:
    """The ids of the user's contacts matching every word of ``query``, in the list's order:
    ``find_contacts(owner, query)`` with no other filter, read with a constant statement."""
    terms = query_terms(query)
    indexed = trigram_query(terms) if connection.vendor == "sqlite" else ""
    sql = (SEARCH_INDEXED if indexed else SEARCH_PLAIN).format(
        terms=CONTAINS[connection.vendor] * len(terms)
    )
    like = [f"%{connection.ops.prep_for_like_query(term)}%" for term in terms]
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk, *([indexed] if indexed else []), *like])
        return [pk for (pk,) in cursor.fetchall()]


def matching_ids(contacts: QuerySet[Contact]) -> list[int]:
    """Return the ids of ``contacts``, in their order."""
    return list(contacts.values_list("pk", flat=True))


class EveryContact:
    """The ids of all the user's contacts in the list's order (the contact list before any
    search or filter, its most common view), read as a ``Paginator`` reads them: counted,
    then one page sliced, each with one constant statement (the ORM took longer to write
    the two than the database to answer them)."""

    ORDERED = (
        "SELECT id FROM contacts_contact WHERE owner_id = %s ORDER BY sort_name, id"
        " LIMIT %s OFFSET %s"
    )

    def __init__(self, owner: User) -> None:
        self.owner = owner

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM contacts_contact WHERE owner_id = %s", [self.owner.pk]
            )
            (number,) = cursor.fetchone()
        return int(number)

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, window.stop
        with connection.cursor() as cursor:
            cursor.execute(self.ORDERED, [self.owner.pk, stop - start, start])
            return [pk for (pk,) in cursor.fetchall()]


#: The contact list's row: each contact with its organization's name, the latest moment on
#: its timeline but the LinkedIn connection, and that connection, from its summary (one
#: statement). {latest}: that moment.
LIST_ROWS = """
SELECT contact.id, contact.name, contact.role, contact.field, contact.source, organization.name,
    {latest}, timeline.last_connected
FROM contacts_contact AS contact
LEFT JOIN contacts_organization AS organization ON organization.id = contact.organization_id
LEFT JOIN contacts_timelinesummary AS timeline ON timeline.contact_id = contact.id
WHERE contact.owner_id = %s AND contact.id IN ({ids})
"""
#: The latest of a summary's moments but the connection, worked out by the database (one
#: value a row to read rather than six): GREATEST passes over NULLs; SQLite's MAX of several
#: values is NULL if one is, and its moments are ISO text, which sorts as time does. A
#: LinkedIn "connected on" date is not being in touch (an import brings one for every row),
#: so it is read apart and shown as what it is.
LATEST_TOUCH = {
    "postgresql": "GREATEST(timeline.last_email_sent, timeline.last_reply_received,"
    " timeline.last_call, timeline.last_meeting, timeline.last_thank_you, timeline.last_note)",
    "sqlite": "NULLIF(MAX(COALESCE(timeline.last_email_sent, ''),"
    " COALESCE(timeline.last_reply_received, ''), COALESCE(timeline.last_call, ''),"
    " COALESCE(timeline.last_meeting, ''), COALESCE(timeline.last_thank_you, ''),"
    " COALESCE(timeline.last_note, '')), '')",
}
#: Their tags, by name, in the order the tag menu uses.
LIST_TAGS = """
SELECT link.contact_id, tag.name
FROM contacts_contact_tags AS link JOIN contacts_tag AS tag ON tag.id = link.tag_id
WHERE link.contact_id IN ({ids}) ORDER BY tag.sort_name, tag.id
"""


@dataclass(frozen=True)
class ListRow:
    """A contact as the contact list shows it."""

    pk: int
    name: str
    role: str
    field: str
    source: str
    organization: str
    tags: list[str]
    #: The latest moment on its timeline, of any kind but the LinkedIn connection.
    last_touch: datetime | None = None
    #: When it connected on LinkedIn, if it did.
    connected: datetime | None = None


def list_rows(owner: User, ids: list[int]) -> list[ListRow]:
    """The user's contacts with these ids as the list shows them, in the order of ``ids``.

    Two constant statements with the ids as parameters: building the same reads with the
    ORM took most of a millisecond, more than the database takes to answer them."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(LIST_TAGS.format(ids=marks), ids)
        tags: dict[int, list[str]] = defaultdict(list)
        for contact_id, tag in cursor.fetchall():
            tags[contact_id].append(tag)
        latest = LATEST_TOUCH[connection.vendor]
        cursor.execute(LIST_ROWS.format(ids=marks, latest=latest), [owner.pk, *ids])
        rows = {
            pk: ListRow(
                pk,
                name,
                role,
                field,
                source,
                organization or "",
                tags[pk],
                moment_of(latest),
                moment_of(connected),
            )
            for pk, name, role, field, source, organization, latest, connected in (
                cursor.fetchall()
            )
        }
    return [rows[pk] for pk in ids if pk in rows]


def tag_menu(owner: User) -> list[str]:
    """The names of the user's tags, for the filter menu, in the order the tag page uses."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM contacts_tag WHERE owner_id = %s ORDER BY sort_name, id", [owner.pk]
        )
        return [name for (name,) in cursor.fetchall()]


# A loose index scan: jump from one distinct field to the next along contact_owner_field,
# a handful of index seeks instead of reading every contact (both SQLite and PostgreSQL).
DISTINCT_FIELDS = """
WITH RECURSIVE fields(field) AS (
    SELECT MIN(field) FROM contacts_contact WHERE owner_id = %(owner)s AND field > ''
    UNION ALL
    SELECT (
        SELECT MIN(field) FROM contacts_contact
        WHERE owner_id = %(owner)s AND field > fields.field
    )
    FROM fields WHERE fields.field IS NOT NULL
)
SELECT field FROM fields WHERE field IS NOT NULL
"""


def fields_in_use(owner: User) -> list[str]:
    """Return the distinct fields the user's contacts work in, for the filter menu."""
    with connection.cursor() as cursor:
        cursor.execute(DISTINCT_FIELDS, {"owner": owner.pk})
        return sorted((field for (field,) in cursor.fetchall()), key=str.casefold)


def add_commonality(
    owner: User, contact: Contact, kind: str, detail: str, strength: int
) -> Commonality:
    """Record something the user shares with ``contact``."""
    ensure_owner(owner, contact)
    with counts_changing(owner, [contact.pk]):
        return Commonality.objects.create(
            owner=owner, contact=contact, kind=kind, detail=detail, strength=strength
        )


def remove_commonality(owner: User, commonality: Commonality) -> None:
    """Forget something the user shared with a contact."""
    if commonality.owner_id != owner.pk:
        raise NotFound(f"no commonality with id {commonality.pk}")
    with counts_changing(owner, [commonality.contact_id]):
        commonality.delete()


def log_touch(
    owner: User,
    contact: Contact,
    kind: str,
    happened_at: datetime,
    summary: str = "",
    *,
    refresh: bool = True,
    **mail: str,
) -> Touch:
    """Put one moment on the contact's timeline; ``mail`` is what an e-mail adds
    (``message_id``, ``source``, ``guard_override``). ``refresh=False`` is for a caller that
    logs many in one transaction and refreshes their contacts once, before it commits."""
    ensure_owner(owner, contact)
    with transaction.atomic():
        touch = Touch.objects.create(
            owner=owner,
            contact=contact,
            kind=kind,
            happened_at=happened_at,
            summary=summary,
            **mail,
        )
        if refresh:
            due_may_have_changed(owner, [contact.pk])
    return touch


def move_touch(
    owner: User, touch: Touch, happened_at: datetime, summary: str, *, refresh: bool = True
) -> Touch:
    """Change when a touch happened and what it says; ``refresh=False`` as for ``log_touch``."""
    ensure_owner(owner, touch.contact)
    with transaction.atomic():
        touch.happened_at, touch.summary = happened_at, summary
        touch.save(update_fields=["happened_at", "summary"])
        if refresh:
            due_may_have_changed(owner, [touch.contact_id])
    return touch


#: How long the Undo after removing a touch works.
UNDO_WITHIN = timedelta(days=1)
RESTORE_SALT = "rapport.contacts.restore-touch"


def remove_touch(owner: User, touch: Touch) -> str:
    """Take a touch off the timeline. Returns a signed token from which ``restore_touch`` puts
    it back as it was, with the same id, and what pointed at it (a meeting's first touch)."""
    ensure_owner(owner, touch.contact)
    links = []
    for relation in Touch._meta.get_fields(include_hidden=True):  # related_name="+" too
        if relation.auto_created and getattr(relation, "on_delete", None) is models.SET_NULL:
            pointing = relation.related_model._base_manager.filter(**{relation.field.name: touch})
            pks = list(pointing.values_list("pk", flat=True))
            if pks:
                links.append((relation.related_model._meta.label, relation.field.name, pks))
    values = {f.attname: f.value_from_object(touch) for f in Touch._meta.concrete_fields}
    for name, value in values.items():
        if isinstance(value, datetime):
            values[name] = value.isoformat()  # to the microsecond, as stored
    record = {"owner": owner.pk, "touch": values, "links": links}
    with transaction.atomic():
        touch.delete()
        due_may_have_changed(owner, [touch.contact_id])
    return signing.dumps(record, salt=RESTORE_SALT, compress=True)


def restore_touch(owner: User, token: str) -> Touch:
    """Put a removed touch back from ``remove_touch``'s token; again is harmless."""
    try:
        record = signing.loads(token, salt=RESTORE_SALT, max_age=UNDO_WITHIN)
    except signing.SignatureExpired:
        raise RapportError(
            "It was removed over a day ago, too long to undo; log it again under Log a touch."
        ) from None
    except signing.BadSignature:
        raise NotFound("no such removed touch") from None
    if record["owner"] != owner.pk:
        raise NotFound("no such removed touch")
    values = record["touch"]
    for field in Touch._meta.concrete_fields:
        if isinstance(field, models.DateTimeField) and values.get(field.attname):
            values[field.attname] = datetime.fromisoformat(values[field.attname])
    touch = Touch(**values)
    owned(Contact, owner, touch.contact_id)  # deleted since: nothing to put it back on
    for label, field, pks in record["links"]:
        model = apps.get_model(label)
        taken = model._base_manager.filter(pk__in=pks, **{f"{field}__isnull": False})
        if model._meta.get_field(field).one_to_one and taken.exclude(**{field: touch.pk}):
            # A meeting marked done again since has its "Meeting" entry: this would be twice.
            raise RapportError(
                "Not put back: the meeting was marked done again since, and its entry on the "
                "timeline is the new one."
            )
    with transaction.atomic():
        touch.save()  # the same id: an update if it is back already
        for label, field, pks in record["links"]:
            model = apps.get_model(label)
            model._base_manager.filter(pk__in=pks, **{f"{field}__isnull": True}).update(
                **{field: touch.pk}
            )
        due_may_have_changed(owner, [touch.contact_id])
    return touch


def add_referral(
    owner: User,
    referrer: Contact,
    referred: Contact,
    permission: str = Permission.NOT_ASKED,
    note: str = "",
) -> Referral:
    """Record that ``referrer`` suggested the user contact ``referred``."""
    ensure_owner(owner, referrer)
    ensure_owner(owner, referred)
    if referrer.pk == referred.pk:
        raise RapportError("a contact cannot refer you to themselves")
    with transaction.atomic():
        # The funnel counts a referrer who was met: counted before the timelines' refresh.
        with counts_changing(owner, [referrer.pk]):
            referral, _ = Referral.objects.update_or_create(
                owner=owner,
                referrer=referrer,
                referred=referred,
                defaults={"permission": permission, "note": note},
            )
        due_may_have_changed(owner, [referrer.pk, referred.pk])
    return referral


def remove_referral(owner: User, referral: Referral) -> None:
    """Forget that one contact referred another (no report back is owed for it then)."""
    if referral.owner_id != owner.pk:
        raise NotFound(f"no referral with id {referral.pk}")
    with transaction.atomic():
        with counts_changing(owner, [referral.referrer_id]):
            referral.delete()
        due_may_have_changed(owner, [referral.referrer_id, referral.referred_id])


def save_tag(owner: User, tag: Tag) -> Tag:
    """Save a tag's keep-in-touch cadence: its contacts' keep-in-touch dates move with it."""
    if tag.owner_id != owner.pk:
        raise NotFound(f"no tag with id {tag.pk}")
    with transaction.atomic():
        tag.save()
        due_may_have_changed(owner, list(tag.contacts.values_list("pk", flat=True)))
    return tag


def owned_contact(owner: User, pk: int) -> Contact | None:
    """The user's contact with this id and its organization, or None (another user's too).

    Two constant statements through ``raw``, which still converts each value as its field
    does: built with the ORM, the same read took four times as long."""
    if not 0 < pk < 2**63:  # no such id: the database would refuse the number itself
        return None
    mine = "SELECT * FROM contacts_contact WHERE id = %s AND owner_id = %s"
    found = list(Contact.objects.raw(mine, [pk, owner.pk]))
    if not found:
        return None
    contact = found[0]
    if contact.organization_id is not None:
        # Set as select_related would: the template's contact.organization asks no more.
        [contact.organization] = Organization.objects.raw(
            "SELECT * FROM contacts_organization WHERE id = %s", [contact.organization_id]
        )
    else:
        contact.organization = None
    return contact


#: A contact's timeline in ``Touch.Meta.ordering``, each touch with the meeting it stands for.
TIMELINE = """
SELECT touch.id, touch.kind, touch.happened_at, touch.summary, meeting.id, touch.source,
       touch.guard_override
FROM contacts_touch AS touch LEFT JOIN meetings_meeting AS meeting ON meeting.touch_id = touch.id
WHERE touch.contact_id = %s ORDER BY touch.happened_at DESC, touch.id DESC
"""
TIMELINE_KEYS = ("pk", "kind", "happened_at", "summary", "meeting", "source", "guard_override")


def timeline_of(contact: Contact) -> list[dict[str, Any]]:
    """The contact's touches, newest first, as plain rows: ``pk``, ``kind``, ``happened_at``,
    ``summary``, the id of the ``meeting`` a "Meeting" touch stands for (or None), ``source``
    and ``guard_override``. One constant statement: the ORM took longer to write it than the
    database to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(TIMELINE, [contact.pk])
        rows = cursor.fetchall()
    return [
        {**dict(zip(TIMELINE_KEYS, row, strict=True)), "happened_at": moment_of(row[2])}
        for row in rows
    ]


@dataclass(frozen=True)
class AboutContact:
    """What the contact page lists beside the timeline, each in its model's own order."""

    tags: list[Tag]
    commonalities: list[Commonality]
    meetings: list[models.Model]
    suggestions: list[models.Model]


#: Constant statements in each model's ``Meta.ordering``, of the columns the page shows: through
#: the ORM the page's four small reads spent more time being written than answered, and
#: through ``raw`` most of theirs making whole objects of them.
ABOUT = {
    "tags": "SELECT tag.id, tag.name FROM contacts_tag AS tag JOIN contacts_contact_tags AS link"
    " ON link.tag_id = tag.id WHERE link.contact_id = %s ORDER BY tag.sort_name, tag.id",
    "commonalities": "SELECT id, kind, detail, strength FROM contacts_commonality"
    " WHERE contact_id = %s ORDER BY strength DESC, id",
    "meetings": "SELECT id, starts_at, status, ended_at FROM meetings_meeting WHERE contact_id = %s"
    " ORDER BY starts_at DESC, id DESC",
    "suggestions": "SELECT id, kind, text, due, status FROM meetings_suggestion"
    " WHERE contact_id = %s ORDER BY status, due, id",
}


def about(contact: Contact) -> AboutContact:
    """The contact's tags, commonalities, meetings and suggestions, for their page: model
    objects with the columns read and the others deferred (read if ever asked for)."""
    sources: dict[str, type[models.Model]] = {
        "tags": Tag,
        "commonalities": Commonality,
        "meetings": contact.meetings.model,
        "suggestions": contact.suggestions.model,
    }
    found: dict[str, list[Any]] = {}
    with connection.cursor() as cursor:
        for name, model in sources.items():
            cursor.execute(ABOUT[name], [contact.pk])
            columns = [column[0] for column in cursor.description]
            found[name] = [
                model.from_db(connection.alias, columns, in_model_terms(model, columns, row))
                for row in cursor.fetchall()
            ]
    return AboutContact(**found)


def in_model_terms(
    model: type[models.Model], columns: list[str], row: tuple[Any, ...]
) -> list[Any]:
    """A row's values as the model's fields hold them: moments aware (SQLite gives them
    naive). The columns are named as the fields are, in the model's order of fields."""
    return [
        moment_of(value)
        if isinstance(model._meta.get_field(column), models.DateTimeField)
        else value
        for column, value in zip(columns, row, strict=True)
    ]


@dataclass(frozen=True)
class Referrals:
    """A contact's referrals as their page shows them: who referred them (newest first), whom
    they suggested (newest first), and the chain of first referrers that led to them."""

    referred_by: list[Referral]
    made: list[Referral]
    chain: list[Contact]


#: A contact's referrals both ways in ``Referral.Meta.ordering``, with their notes and the
#: names of the people at either end: what the contact page shows of them.
REFERRALS = """
SELECT referral.id, referral.created_at, referral.permission, referral.note,
       referrer.id, referrer.name, referred.id, referred.name
FROM contacts_referral AS referral
JOIN contacts_contact AS referrer ON referrer.id = referral.referrer_id
JOIN contacts_contact AS referred ON referred.id = referral.referred_id
WHERE referral.referred_id = %s OR referral.referrer_id = %s
ORDER BY referral.created_at DESC, referral.id DESC
"""


def referrals_of(contact: Contact) -> Referrals:
    """Read both directions in one constant statement, with only the names of the people at
    either end; the chain costs one more query a step only above the contact's own first
    referrer."""
    with connection.cursor() as cursor:
        cursor.execute(REFERRALS, [contact.pk, contact.pk])
        rows = cursor.fetchall()
    referred_by, made = [], []
    for pk, created_at, permission, note, referrer_id, referrer, referred_id, referred in rows:
        referral = Referral(
            pk=pk,
            owner_id=contact.owner_id,
            created_at=moment_of(created_at),
            permission=permission,
            note=note,
            referrer=Contact(pk=referrer_id, owner_id=contact.owner_id, name=referrer),
            referred=Contact(pk=referred_id, owner_id=contact.owner_id, name=referred),
        )
        (referred_by if referred_id == contact.pk else made).append(referral)
    return Referrals(referred_by, made, referral_chain(contact, referred_by))


def referral_chain(contact: Contact, referred_by: list[Referral], limit: int = 6) -> list[Contact]:
    """Who led to whom, ending with ``contact``: the first referrer first. ``referred_by``
    are the contact's own referrals, read already; each step above them is a query."""
    chain, seen = [contact], {contact.pk}
    referral = min(referred_by, key=lambda each: (each.created_at, each.pk), default=None)
    while referral is not None and referral.referrer_id not in seen and len(chain) < limit:
        chain.insert(0, referral.referrer)
        seen.add(referral.referrer_id)
        referral = _first_referral(chain[0]) if len(chain) < limit else None
    return chain


def _first_referral(contact: Contact) -> Referral | None:
    # The manager sets each one's contact (referred) itself: its id is read, not deferred.
    fields = ("created_at", "referred", "referrer__name")
    referrals = contact.referred_by.select_related("referrer").only(*fields)
    referral: Referral | None = referrals.order_by("created_at", "pk").first()
    return referral


def ensure_owner(owner: User, item: Contact) -> None:
    if item.owner_id != owner.pk:
        raise NotFound(f"no contact with id {item.pk}")


def contact_record(contact: Contact) -> dict[str, Any]:
    """Return a contact as plain data, every field of rapport.core.contact_fields, for JSON and
    CSV output (the shape of ``archive.record_of``)."""
    return {
        "id": contact.pk,
        **{name: getattr(contact, name) for name in COLUMNS},
        "organization": contact.organization.name if contact.organization else "",
        "tags": [tag.name for tag in contact.tags.all()],
        "created_at": contact.created_at.isoformat(),
    }


def contact_details(contact: Contact) -> dict[str, Any]:
    """Return a contact with its commonalities, referrals and timeline, as plain data."""
    return {
        **contact_record(contact),
        "commonalities": [
            {"kind": c.kind, "detail": c.detail, "strength": c.strength}
            for c in contact.commonalities.all()
        ],
        "referred_by": [
            {"referrer": r.referrer.name, "referrer_id": r.referrer_id, "permission": r.permission}
            for r in contact.referred_by.select_related("referrer")
        ],
        "referred": [
            {"contact": r.referred.name, "contact_id": r.referred_id, "permission": r.permission}
            for r in contact.referrals_made.select_related("referred")
        ],
        "timeline": [
            {"kind": t.kind, "when": t.happened_at.isoformat(), "summary": t.summary}
            for t in contact.touches.all()
        ],
    }


def add_contact(owner: User, values: dict[str, Any]) -> Contact:
    """Validate ``values`` as the contact form does and add the contact, or raise InvalidInput."""
    from rapport.contacts.forms import ContactForm

    form = ContactForm(data=values)
    if not form.is_valid():
        raise InvalidInput({field: list(messages) for field, messages in form.errors.items()})
    return save_contact(
        owner,
        form.save(commit=False),
        organization=form.cleaned_data["organization_name"],
        tags=form.cleaned_data["tag_names"],
    )


def edit_contact(owner: User, contact: Contact, values: dict[str, Any]) -> Contact:
    """Validate ``values`` as the contact form does and save them over ``contact``, or raise
    InvalidInput and change nothing."""
    from rapport.contacts.forms import ContactForm

    ensure_owner(owner, contact)
    form = ContactForm(data=values, instance=contact)
    if not form.is_valid():
        contact.refresh_from_db()  # the form wrote the refused values onto the instance
        raise InvalidInput({field: list(messages) for field, messages in form.errors.items()})
    return save_contact(
        owner,
        form.save(commit=False),
        organization=form.cleaned_data["organization_name"],
        tags=form.cleaned_data["tag_names"],
    )


def edit_organization(
    owner: User, organization: Organization, values: dict[str, Any]
) -> Organization:
    """Validate ``values`` as the organization form does and save them (a new organization
    when ``organization`` has no id), or raise InvalidInput and change nothing."""
    from django.db import IntegrityError

    from rapport.contacts.forms import OrganizationForm

    if organization.pk and organization.owner_id != owner.pk:
        raise NotFound(f"no organization with id {organization.pk}")
    form = OrganizationForm(data=values, instance=organization, owner=owner)
    if not form.is_valid():
        if organization.pk:
            organization.refresh_from_db()
        raise InvalidInput({field: list(messages) for field, messages in form.errors.items()})
    try:
        with transaction.atomic():
            return save_organization(owner, form.save(commit=False))
    except IntegrityError:  # the same name, saved by another request in between
        raise InvalidInput({"name": ["You already have an organization of this name."]}) from None
