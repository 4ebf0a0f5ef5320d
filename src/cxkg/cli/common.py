"""What every command shares: the -f/--file option, opening the glossary, and text output helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ..glossary import Glossary, load

F = TypeVar("F", bound=Callable[..., Any])


def file_option(func: F) -> F:
    """Add ``-f/--file PATH`` (repeatable) and ``--lang`` to a command."""
    func = click.option("--lang", default="en", show_default=True,
                        help="Language of the labels and definitions to show.")(func)
    return click.option("-f", "--file", "files", multiple=True, metavar="PATH",
                        help="Work on this SKOS file instead of the bundled graph (repeatable; merged).")(func)


def open_glossary(files: Sequence[str], lang: str = "en") -> Glossary:
    """The bundled glossary, or the merge of ``files`` (with a spinner on a terminal while they are read)."""
    if not files:
        return load(lang=lang)
    from .progress import activity

    with activity("reading " + ", ".join(files)):
        return load(*files, lang=lang)


def heading(text: str) -> str:
    """Bold on a terminal, plain when piped (click strips styles from non-terminal output)."""
    return click.style(text, bold=True)


def field(name: str, value: str) -> str:
    """One ``name: value`` line with the name dimmed on a terminal."""
    return f"{click.style(name + ':', fg='cyan')} {value}"


def exit_with(code: int) -> None:
    """Leave with ``code`` (0 ok, 1 not found / failed check, 2 bad input)."""
    raise click.exceptions.Exit(code)
