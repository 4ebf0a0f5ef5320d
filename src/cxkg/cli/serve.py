"""``cxkg serve`` (the glossary over HTTP) and ``cxkg site`` (the same pages as static files)."""

from __future__ import annotations

import click

from .common import file_option, open_glossary


def _needs_extra() -> None:
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
    except ModuleNotFoundError as exc:
        raise click.UsageError(f"this command needs the serve extra ({exc.name} is missing): "
                               "pip install 'cxkg[serve]'") from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 exposes the server to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--base", default="auto", show_default=True, metavar="IRI",
              help="IRI prefix served at / (concepts at their paths); 'none' serves every IRI at /concept?uri=.")
@click.option("--vocid", default="cxkg", show_default=True, help="Vocabulary id in the Skosmos REST paths.")
@click.option("--timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds each SPARQL query may run.")
@click.option("--row-limit", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most rows a SPARQL query returns.")
@file_option
def serve(host: str, port: int, base: str, vocid: str, timeout: float, row_limit: int,
          files: tuple[str, ...], lang: str) -> None:
    """Serve the glossary read-only: web pages, Linked Data, SPARQL at /sparql, REST at /api and /rest/v1."""
    _needs_extra()
    import uvicorn

    from ..serve import create_app

    glossary = open_glossary(files, lang)
    click.echo(f"cxkg: warming the indexes of {len(glossary)} concepts…", err=True)
    app = create_app(glossary, base=None if base == "none" else base, vocid=vocid, timeout=timeout,
                     row_limit=row_limit)
    click.echo(f"cxkg: serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    # keep-alive a little longer than uvicorn's 5 s, so a busy client rarely reuses a connection as it closes
    uvicorn.run(app, host=host, port=port, log_level="warning", limit_concurrency=200, timeout_keep_alive=20)


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Folder to write the site to.")
@click.option("--base", default="auto", show_default=True, metavar="IRI",
              help="IRI prefix whose paths name the pages ('none': last IRI segment).")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@file_option
def site(output: str, base: str, quiet: bool, files: tuple[str, ...], lang: str) -> None:
    """Write the pages as a static site: relative links, client-side search, .ttl/.jsonld per concept."""
    _needs_extra()
    from ..serve import build_site

    glossary = open_glossary(files, lang)
    progress = None if quiet else (lambda done, total: click.echo(f"\rcxkg: {done}/{total} concepts", nl=False,
                                                                   err=True))
    built = build_site(glossary, output, base=None if base == "none" else base, progress=progress)
    if not quiet:
        click.echo("", err=True)
    click.echo(f"wrote {built.written} files, kept {built.unchanged} unchanged, in {output}")
