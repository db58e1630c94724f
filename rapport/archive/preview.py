"""What the preview page shows of a restore, as plain data kept with the upload."""

from __future__ import annotations

from typing import Any

from rapport.accounts.models import User
from rapport.archive.restore import Progress, RestorePlan, plan_restore, read
from rapport.archive.tables import Row
from rapport.contacts.models import Contact, Organization

#: Rows of each list the preview shows.
PREVIEW_ROWS = 200


def preview(owner: User, data: bytes, progress: Progress | None = None) -> dict[str, Any]:
    """What restoring ``data`` would do, as plain data for the preview page; writes nothing."""
    return preview_of(plan_restore(owner, read(data), progress))


def preview_of(plan: RestorePlan) -> dict[str, Any]:
    """What the preview page shows of ``plan``: the counts of each table, then who is matched
    to whom and who is new (the first PREVIEW_ROWS of each)."""
    contacts, organizations = plan.tables[Contact], plan.tables[Organization]

    def organization(row: Row) -> str:
        ref = row["organization"]
        return "" if ref is None else str(organizations.value(ref, "name"))

    return {
        "archive": True,
        "summary": plan.summary(),
        "tables": [
            {
                "label": table_plan.table.label[1],
                "new": len(table_plan.new),
                "merged": len(table_plan.matched),
            }
            for table_plan in plan.tables.values()
            if table_plan.new or table_plan.matched
        ],
        "profile": sorted(plan.profile),
        "merges": [
            {
                "name": row["name"],
                "organization": organization(row),
                "contact": pk,
                "contact_name": contacts.existing[pk]["name"],
            }
            for row, pk in contacts.matched[:PREVIEW_ROWS]
        ],
        "new": [
            {
                "name": row["name"],
                "role": row["role"],
                "organization": organization(row),
                "email": row["email"],
            }
            for row in contacts.new[:PREVIEW_ROWS]
        ],
        "more_new": max(len(contacts.new) - PREVIEW_ROWS, 0),
    }
