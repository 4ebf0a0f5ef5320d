"""What every command shares: the -f/--file option, opening the glossary, and text output helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import StoreError
from ..glossary import Glossary, load
from ..stores import StoreSpec, parse_store

if TYPE_CHECKING:
    from ..loading import Source

F = TypeVar("F", bound=Callable[..., Any])
_STORE = "cxkg.store"


def file_option(func: F) -> F:
    """Add ``-f/--file PATH`` (repeatable), ``--store``, ``--allow-network`` and ``--lang`` to a command."""
    func = store_option(func)
    func = click.option("--lang", default="en", show_default=True,
                        help="Language of the labels and definitions to show.")(func)
    func = click.option("--allow-network", is_flag=True, expose_value=False, callback=_remember_network,
                        help="Let -f files fetch remote JSON-LD contexts (with a timeout); off: fully offline.")(func)
    return click.option("-f", "--file", "files", multiple=True, metavar="PATH",
                        help="Work on this SKOS file instead of the bundled graph (repeatable; merged; "
                             "- reads stdin).")(func)


def _remember_network(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    ctx.meta["cxkg.allow_network"] = value


def store_option(func: F) -> F:
    """Add ``--store memory|oxigraph|oxigraph:DIR`` (also ``$CXKG_STORE``); :func:`open_glossary` uses it."""
    return click.option("--store", metavar="memory|oxigraph|oxigraph:DIR", envvar="CXKG_STORE", default="memory",
                        show_default=True, expose_value=False, callback=_remember_store,
                        help="Where the triples live: rdflib's memory, Oxigraph in memory, or a persistent "
                             "Oxigraph store filled by `cxkg load` (then -f rebuilds it).")(func)


def _remember_store(ctx: click.Context, param: click.Parameter, value: str) -> StoreSpec:
    try:
        spec = parse_store(value)
    except StoreError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    ctx.meta[_STORE] = spec
    return spec


def chosen_store() -> StoreSpec:
    """The store the running command was given (memory when it has no --store option)."""
    context = click.get_current_context(silent=True)
    return context.meta.get(_STORE, StoreSpec()) if context else StoreSpec()


def open_glossary(files: Sequence[Source], lang: str = "en", *, keep_invalid_iris: bool = False) -> Glossary:
    """The bundled glossary, or the merge of ``files``, on the store chosen with ``--store`` (with a spinner
    on a terminal while files are read); ``keep_invalid_iris`` (validate) is :func:`cxkg.load`'s."""
    if not files:
        return load(lang=lang, store=chosen_store())
    from .progress import activity

    ctx = click.get_current_context(silent=True)
    allow = bool(ctx and ctx.meta.get("cxkg.allow_network"))
    with activity("reading " + ", ".join(f if isinstance(f, str) else "a graph" for f in files)):
        return load(*files, lang=lang, store=chosen_store(), allow_network=allow, keep_invalid_iris=keep_invalid_iris)


#: characters shown escaped on a terminal: C0/C1 controls, DEL, bidi controls, line/paragraph separators
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` safe for a terminal: control, escape and bidi characters shown as ``\x1b``, ``\u202e``, …

    >>> printable("a\x1b[31mb\u202e")
    'a\\x1b[31mb\\u202e'
    """
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def printable_lines(text: str) -> str:
    """``text`` with each of its lines :func:`printable`."""
    return "\n".join(map(printable, text.split("\n")))


def say(text: str, err: bool = False) -> None:
    """Echo human-readable ``text``, each line :func:`printable` (data formats are echoed as they are)."""
    click.echo(printable_lines(text), err=err)


def heading(text: str) -> str:
    """Bold on a terminal, plain when piped (click strips styles from non-terminal output); escaped."""
    return click.style(printable(text), bold=True)


def field(name: str, value: str) -> str:
    """One ``name: value`` line with the name dimmed on a terminal; the value escaped (:func:`printable`)."""
    return f"{click.style(name + ':', fg='cyan')} {printable(value)}"


def exit_with(code: int) -> None:
    """Leave with ``code`` (0 ok, 1 not found / failed check, 2 bad input)."""
    raise click.exceptions.Exit(code)
