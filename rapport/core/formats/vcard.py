"""vCard 3.0 and 4.0 (.vcf), one card or many, as phones and address books export them."""

from __future__ import annotations

from typing import Any

import vobject

from rapport.core.contact_fields import FIELDS
from rapport.core.formats import (
    ContactRecord,
    ParseResult,
    Problem,
    clean,
    emails_in,
    fail,
    is_web_url,
    text_lines,
)

#: The vCard property of each plain field (``fn``, ``n``, ``org`` and ``adr`` are read below).
PROPERTY = {field.name: field.vcard for field in FIELDS if field.vcard}


def split_cards(text: str) -> list[tuple[int, str]]:
    """Return each BEGIN:VCARD … END:VCARD block with the line it starts on."""
    cards: list[tuple[int, str]] = []
    start, lines = 0, list[str]()
    for number, line in enumerate(text_lines(text), 1):
        keyword = line.strip().upper()
        if keyword == "BEGIN:VCARD":
            if lines:
                raise fail(number, "a card begins before the card above it ends (END:VCARD)")
            start, lines = number, [line]
        elif lines:
            lines.append(line)
            if keyword == "END:VCARD":
                cards.append((start, "\r\n".join(lines) + "\r\n"))
                lines = []
        elif keyword:
            raise fail(number, "text outside a card: is this a vCard (.vcf) file?")
    if lines:
        raise fail(start, "the card that begins here never ends (END:VCARD missing)")
    if not cards:
        raise fail(1, "no card found (BEGIN:VCARD)")
    return cards


def texts(card: Any, key: str) -> tuple[str, ...]:
    found = [clean(str(item.value)) for item in card.contents.get(key, [])]
    return tuple(dict.fromkeys(value for value in found if value))


def name_of(card: Any) -> str:
    full = texts(card, "fn")
    if full:
        return full[0]
    for item in card.contents.get("n", []):
        parts = item.value
        return clean(f"{parts.prefix} {parts.given} {parts.additional} {parts.family}")
    return ""


def organization_of(card: Any) -> str:
    for item in card.contents.get("org", []):
        value = item.value
        return clean(value[0] if isinstance(value, list) and value else str(value))
    return ""


def location_of(card: Any) -> str:
    for item in card.contents.get("adr", []):
        return clean(", ".join(part for part in [item.value.city, item.value.region] if part))
    return ""


def record_of(line: int, card: Any) -> ContactRecord:
    # Other kinds of link (file:, javascript:, data:) are left out; nothing is ever fetched.
    urls = [url for url in texts(card, PROPERTY["profile_url"]) if is_web_url(url)]
    notes = [str(item.value).strip() for item in card.contents.get(PROPERTY["notes"], [])]
    addresses = texts(card, PROPERTY["email"])
    return ContactRecord(
        line=line,
        name=name_of(card),
        emails=tuple(dict.fromkeys(e for cell in addresses for e in emails_in(cell))),
        phones=tuple(phone.removeprefix("tel:") for phone in texts(card, PROPERTY["phone"])),
        organization=organization_of(card),
        role=(texts(card, PROPERTY["role"]) or ("",))[0],
        location=location_of(card),
        profile_url=urls[0] if urls else "",
        notes="\n".join(note for note in notes if note),
    )


def parse_vcard(text: str) -> ParseResult:
    """Read every card; a card that cannot be read is an error naming the line it starts on."""
    result = ParseResult()
    for line, block in split_cards(text):
        try:
            card = vobject.readOne(block, validate=False)
            record = record_of(line, card)
        # vobject raises ParseError, VObjectError, binascii.Error and others on bad input.
        except Exception as error:
            result.errors.append(
                Problem(line, f"this card cannot be read ({clean(str(error))[:120]})")
            )
            continue
        if record.name:
            result.records.append(record)
        else:
            result.skipped.append(Problem(line, "the card has no name (FN or N)"))
    return result
