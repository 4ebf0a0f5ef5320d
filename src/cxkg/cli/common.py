"""What every command shares: the -f/--file option, opening the glossary, and text output helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ..errors import StoreError
from ..glossary import Glossary, load
from ..loading import Source
from ..stores import StoreSpec, parse_store

F = TypeVar("F", bound=Callable[..., Any])
_STORE = "cxkg.store"


def file_option(func: F) -> F:
    """Add ``-f/--file PATH`` (repeatable), ``--store`` and ``--lang`` to a command."""
    func = store_option(func)
    func = click.option("--lang", default="en", show_default=True,
                        help="Language of the labels and definitions to show.")(func)
    return click.option("-f", "--file", "files", multiple=True, metavar="PATH",
                        help="Work on this SKOS file instead of the bundled graph (repeatable; merged).")(func)


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


def open_glossary(files: Sequence[Source], lang: str = "en") -> Glossary:
    """The bundled glossary, or the merge of ``files``, on the store chosen with ``--store`` (with a spinner
    on a terminal while files are read)."""
    if not files:
        return load(lang=lang, store=chosen_store())
    from .progress import activity

    with activity("reading " + ", ".join(f if isinstance(f, str) else "a graph" for f in files)):
        return load(*files, lang=lang, store=chosen_store())


def heading(text: str) -> str:
    """Bold on a terminal, plain when piped (click strips styles from non-terminal output)."""
    return click.style(text, bold=True)


def field(name: str, value: str) -> str:
    """One ``name: value`` line with the name dimmed on a terminal."""
    return f"{click.style(name + ':', fg='cyan')} {value}"


def exit_with(code: int) -> None:
    """Leave with ``code`` (0 ok, 1 not found / failed check, 2 bad input)."""
    raise click.exceptions.Exit(code)
