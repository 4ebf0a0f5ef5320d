"""The ``cxkg`` command: a thin layer over the public API; the only layer that prints or exits.

Exit codes: 0 ok; 1 not found, check failed or ASK false; 2 usage error or unreadable input;
3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from typing import NoReturn

import click

from ..errors import CxkgError

#: command name -> "module:attribute" under cxkg.cli, imported only when the command runs
COMMANDS: dict[str, str] = {
    "show": "browse:show",
    "search": "browse:search",
    "stats": "browse:stats",
    "tree": "browse:tree",
    "validate": "validate:validate",
    "queries": "query:queries",
    "query": "query:query",
    "export": "export:export",
    "import": "sheet:import_",
    "diff": "change:diff",
    "fix": "change:fix",
    "release": "change:release",
    "graph": "graph:graph",
    "serve": "serve:serve",
    "site": "serve:site",
    "load": "store:load",
    "publish": "store:publish",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, so ``cxkg show`` starts fast."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attribute)
        return command


def _version() -> str:
    from .. import __version__

    return __version__


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=None, package_name="cxkg", prog_name="cxkg", message="%(prog)s %(version)s")
def cli() -> None:
    """cxkg — the Customer Experience Knowledge Graph.

    Every command works on the bundled CX glossary, or on any SKOS file given with -f/--file.
    """


class _Notes(logging.Handler):
    """Notes from the library (``cxkg`` logger, e.g. named graphs merged) go to stderr, one line each."""

    def emit(self, record: logging.LogRecord) -> None:
        from .common import printable_lines

        click.echo(f"cxkg: {printable_lines(record.getMessage())}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map errors to exit codes with one clear message and no traceback."""
    notes = logging.getLogger("cxkg")
    if not any(isinstance(h, _Notes) for h in notes.handlers):
        notes.addHandler(_Notes())
        notes.propagate = False
    try:
        result = cli.main(args=argv, prog_name="cxkg", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return 2 if exc.exit_code in (1, 2) else exc.exit_code
    except CxkgError as exc:
        from .common import printable_lines

        click.echo(f"cxkg: {printable_lines(str(exc))}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: say so briefly
        click.echo(f"cxkg: internal error: {type(exc).__name__}: {exc} (please report it)", err=True)
        return 3
    return result if isinstance(result, int) else 0


def run() -> NoReturn:
    """The ``cxkg`` console script: :func:`main`, then exit at once.

    The output is flushed first; what is skipped is Python's teardown, which frees a big graph object
    by object (a tenth of a second on a 100k-triple vocabulary) where the OS frees it whole.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            stream.flush()
    os._exit(code)
