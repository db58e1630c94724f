"""Work too long for a request (large imports and exports), done by the worker.

Each piece of work is a row with a ``Progress``: the request that asks for it sets it
waiting and queues a task (django-tasks); the worker claims it with a conditional UPDATE, so
a task queued twice runs once; it reports its step as it goes, and a page that polls reads
that. A row whose heartbeat stops (the worker was killed) is shown as stopped, with a way to
start again; a row deleted meanwhile (the user cancelled) stops the work at its next report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from rapport import clock
from rapport.contacts.models import Work
from rapport.core.errors import RapportError
from rapport.core.formats import ImportFailed

Report = Callable[..., None]

#: A step reports at least this often (planning every 500 rows; one write of 100,000 rows
#: takes well under a minute), so a busier silence means the worker is gone.
STALLED_AFTER = timedelta(minutes=5)


class Cancelled(Exception):
    """The row went while its work ran: the user cancelled, or deleted it."""


def claim(model: Any, pk: int, step: str) -> bool:
    """Take the waiting row ``pk`` for this worker; False if another took it or it went."""
    claimed = model.objects.filter(pk=pk, state=Work.WAITING).update(
        state=Work.RUNNING, step=step, done=0, total=0, updated_at=clock.now()
    )
    return bool(claimed)


def report(model: Any, pk: int, step: str, done: int = 0, total: int = 0) -> None:
    """Record how far the work on ``pk`` is; raise Cancelled if the row is gone."""
    fields = {"step": step, "done": done, "total": total, "updated_at": clock.now()}
    if not model.objects.filter(pk=pk, state=Work.RUNNING).update(**fields):
        raise Cancelled(pk)


def finish(model: Any, pk: int, state: Work, problems: Sequence[str] = (), **fields: Any) -> None:
    """End the work on ``pk`` as ``state``, with what the page should show of it."""
    model.objects.filter(pk=pk, state=Work.RUNNING).update(
        state=state, step="", problems=list(problems), updated_at=clock.now(), **fields
    )


def wait_again(model: Any, pk: int, owner: Any, step: str, *, ready: bool = False) -> bool:
    """Set the row waiting for the worker again: from ready (``ready=True``, the next step)
    or after it stalled. False if it was not in such a state (a second click)."""
    rows = model.objects.filter(pk=pk, owner=owner)
    if ready:
        rows = rows.filter(state=Work.READY)
    else:
        rows = rows.filter(state__in=[Work.WAITING, Work.RUNNING, Work.FAILED])
    changed = rows.update(
        state=Work.WAITING, step=step, done=0, total=0, problems=[], updated_at=clock.now()
    )
    return bool(changed)


def stalled(item: Any, now: datetime) -> bool:
    """Whether ``item`` is busy but has not reported for STALLED_AFTER."""
    return bool(item.busy and now - item.updated_at > STALLED_AFTER)


@contextmanager
def reporting(model: Any, pk: int, failure: str) -> Iterator[Report]:
    """Give the work on ``pk`` a ``report(step, done, total)``; end it as failed if the work
    raises, with the problems of a file that cannot be read, or ``failure`` for a fault of
    ours (raised again, for the worker's log). A cancelled row ends it quietly."""

    def report_on_row(step: str, done: int = 0, total: int = 0) -> None:
        report(model, pk, step, done, total)

    try:
        yield report_on_row
    except Cancelled:
        return
    except ImportFailed as error:
        finish(model, pk, Work.FAILED, [str(problem) for problem in error.problems[:20]])
    except RapportError as error:
        finish(model, pk, Work.FAILED, [str(error)])
    except Exception:
        finish(model, pk, Work.FAILED, [failure])
        raise


def forget_finished_tasks(now: datetime) -> int:
    """Remove the worker queue's records of tasks finished over a day ago; return how many.
    (The rows the pages read, imports and exports, have their own clean-up.)"""
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.finished().filter(finished_at__lt=now - timedelta(days=1))
    return int(finished.delete()[0])
