"""Progress bars for the long commands (imports, restores, the vCard export): click's own,
on standard error, and only where a person watches it: a terminal, without --json or
--quiet. A pipe, a file or a script reading JSON gets no bar at all, not even its label."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def quiet_option(command: F) -> F:
    """Add --quiet: no progress bar, even on a terminal."""
    return click.option("-q", "--quiet", is_flag=True, help="Show no progress bar.")(command)


class ProgressBar:
    """Hears ``progress(done, total)`` (or ``step(label, done, total)``) and draws it. The
    services report each stage of the work with its own count (matching the rows, then
    writing them): when the total changes or the count goes back, that stage's bar is
    finished and the next one begins."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.shown = ("", 0, 0)  # the label, done and total the bar shows

    def __call__(self, done: int, total: int) -> None:
        self.step(self.label, done, total)

    def step(self, label: str, done: int, total: int) -> None:
        shown_label, shown_done, shown_total = self.shown
        if self.bar is None or (label, total) != (shown_label, shown_total) or done < shown_done:
            self.close()
            self.bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            self.bar.__enter__()
            shown_done = 0
        self.bar.update(done - shown_done)
        self.shown = (label, done, total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@contextlib.contextmanager
def progress_bar(label: str, *, hidden: bool = False) -> Iterator[ProgressBar | None]:
    """A bar on a terminal, or None (nothing drawn) when ``hidden`` or off a terminal."""
    if hidden or not sys.stderr.isatty():
        yield None
        return
    bar = ProgressBar(label)
    try:
        yield bar
    finally:
        bar.close()
