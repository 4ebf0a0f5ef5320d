"""What every command shares: the -f/--file option, opening the glossary, and text output helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ..glossary import Glossary, load

F = TypeVar("F", bound=Callable[..., Any])


def file_option(func: F) -> F:
    """Add ``-f/--file PATH`` (repeatable), ``--allow-network`` and ``--lang`` to a command."""
    func = click.option("--lang", default="en", show_default=True,
                        help="Language of the labels and definitions to show.")(func)
    func = click.option("--allow-network", is_flag=True, expose_value=False, callback=_remember_network,
                        help="Let -f files fetch remote JSON-LD contexts (with a timeout); off: fully offline.")(func)
    return click.option("-f", "--file", "files", multiple=True, metavar="PATH",
                        help="Work on this SKOS file instead of the bundled graph (repeatable; merged; "
                             "- reads stdin).")(func)


def _remember_network(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    ctx.meta["cxkg.allow_network"] = value


def open_glossary(files: Sequence[str], lang: str = "en") -> Glossary:
    """The bundled glossary, or the merge of ``files`` (with a spinner on a terminal while they are read;
    remote JSON-LD contexts only with ``--allow-network``)."""
    if not files:
        return load(lang=lang)
    from .progress import activity

    ctx = click.get_current_context(silent=True)
    allow = bool(ctx and ctx.meta.get("cxkg.allow_network"))
    with activity("reading " + ", ".join(files)):
        return load(*files, lang=lang, allow_network=allow)


#: characters shown escaped on a terminal: C0/C1 controls, DEL, bidi controls, line/paragraph separators
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` safe for a terminal: control, escape and bidi characters shown as ``\x1b``, ``\u202e``, …

    >>> printable("a\x1b[31mb\u202e")
    'a\\x1b[31mb\\u202e'
    """
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def heading(text: str) -> str:
    """Bold on a terminal, plain when piped (click strips styles from non-terminal output); escaped."""
    return click.style(printable(text), bold=True)


def field(name: str, value: str) -> str:
    """One ``name: value`` line with the name dimmed on a terminal; the value escaped (:func:`printable`)."""
    return f"{click.style(name + ':', fg='cyan')} {printable(value)}"


def exit_with(code: int) -> None:
    """Leave with ``code`` (0 ok, 1 not found / failed check, 2 bad input)."""
    raise click.exceptions.Exit(code)
