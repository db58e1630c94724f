"""Archives of earlier versions, read in the current shape.

Version 1 (before meetings were archived) held the profile, organizations, tags by name,
and contacts with their commonalities and touches inside them, then referrals; its tags,
commonalities, touches and referrals had no ids.
"""

from __future__ import annotations

from typing import Any

from rapport.core.search import fold


def from_version_1(archive: dict[str, Any]) -> dict[str, Any]:
    """A version-1 archive as a version-2 one: the same rows, each with an id, flat."""
    tags = [
        {**tag, "id": n}
        for n, tag in enumerate(listed(archive, "tags"), 1)
        if isinstance(tag, dict)
    ]
    tag_ids = {fold(str(tag.get("name", ""))): tag["id"] for tag in tags}
    contacts, commonalities, touches = [], [], []
    for contact in listed(archive, "contacts"):
        if not isinstance(contact, dict):
            contacts.append(contact)  # refused, with its place, when the rows are read
            continue
        names = [str(name) for name in contact.get("tags") or []]
        for name in names:
            if fold(name) not in tag_ids:  # a tag named on a contact only
                tag_ids[fold(name)] = len(tags) + 1
                tags.append({"id": len(tags) + 1, "name": name})
        contacts.append({**contact, "tags": [tag_ids[fold(name)] for name in names]})
        for rows, key in [(commonalities, "commonalities"), (touches, "touches")]:
            for row in contact.get(key) or []:
                upgraded = {**row, "contact": contact.get("id")} if isinstance(row, dict) else row
                rows.append({**upgraded, "id": len(rows) + 1} if isinstance(row, dict) else row)
    referrals = [
        {**row, "id": n} if isinstance(row, dict) else row
        for n, row in enumerate(listed(archive, "referrals"), 1)
    ]
    return {
        **archive,
        "version": 2,
        "tags": tags,
        "contacts": contacts,
        "commonalities": commonalities,
        "touches": touches,
        "referrals": referrals,
    }


def listed(archive: dict[str, Any], key: str) -> list[Any]:
    rows = archive.get(key) or []
    return rows if isinstance(rows, list) else []
