"""After a restart: the background work the server was doing when it stopped."""

from __future__ import annotations

from rapport.contacts.archive import prepare_in_background
from rapport.contacts.imports import plan_in_background, write_in_background
from rapport.contacts.models import PendingImport, PreparedExport, Work


def resume_interrupted() -> int:
    """Queue again the work a stopped server left half done (its write was rolled back);
    return how many. Only for the one server of a database, which knows no worker is on it."""
    resumed = 0
    for item in PendingImport.objects.filter(state=Work.RUNNING).only("pk", "preview"):
        writing = item.preview is not None
        PendingImport.objects.filter(pk=item.pk).update(state=Work.WAITING)
        (write_in_background if writing else plan_in_background).enqueue(item.pk)
        resumed += 1
    for pk in PreparedExport.objects.filter(state=Work.RUNNING).values_list("pk", flat=True):
        PreparedExport.objects.filter(pk=pk).update(state=Work.WAITING)
        prepare_in_background.enqueue(pk)
        resumed += 1
    return resumed
