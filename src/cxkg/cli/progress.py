"""Signs of life on stderr for long work (reading, validating, exporting, analysing), only on a terminal.

Nothing is shown when stderr is not a TTY (pipes, files, CI logs) or when the command prints JSON,
so stdout and stderr stay exactly as they would be without it. Uses rich, loaded only when shown.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: hears (steps done, steps in all or 0 if unknown, what is being done now)
Update = Callable[[int, int, str], None]


def shown(quiet: bool = False) -> bool:
    """Whether progress goes to stderr: it is a terminal and the command is not printing JSON."""
    return not quiet and sys.stderr.isatty()


def _ignore(done: int, total: int, what: str) -> None:
    """Progress updates when nothing is shown."""


@contextmanager
def activity(title: str, quiet: bool = False) -> Iterator[Update]:
    """A transient spinner (or bar, once a total is known) titled ``title``; yields its update function."""
    if not shown(quiet):
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(title, total=None)

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, description=f"{title}: {what}" if what else title)

        yield update
