"""Change commands: ``cxkg diff``, ``cxkg fix`` and ``cxkg release``."""

from __future__ import annotations

import click

from .common import exit_with


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "kgcl"]), default="text",
              show_default=True, help="Output: lines of text, a CHANGELOG section, JSON, or KGCL statements.")
@click.option("--fail-on", type=click.Choice(["breaking", "any"]), help="Exit 1 when there are such changes (for CI).")
@click.option("--folder", default="ontology", show_default=True, help="The ontology folder inside git revisions.")
def diff(old: str, new: str | None, fmt: str, fail_on: str | None, folder: str) -> None:
    """What changed, concept by concept, from OLD to NEW.

    OLD and NEW are files, folders, or git revisions of the ontology folder (`v0.1.0`, `HEAD~3`);
    `A..B` names both; with OLD alone, NEW is the working tree's ontology folder.
    """
    from ..change.diff import diff as compare
    from ..change.render import RENDERERS
    from ..change.revisions import pair

    before, after = pair(old, new, folder)
    result = compare(before, after)
    click.echo(RENDERERS[fmt](result), nl=False)
    if (fail_on == "breaking" and result.breaking) or (fail_on == "any" and result.changes):
        exit_with(1)
