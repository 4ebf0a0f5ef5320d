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


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE…]")
@click.option("--only", "only", multiple=True, metavar="RULE",
              help="Only the repairs answering this validation rule (repeatable): el, cx-acronym-label, dlv, "
                   "chr, hr, urc, mis, otc.")
@click.option("--write", is_flag=True, help="Write the repaired files (atomically); default: show the diff.")
@click.option("--break-cycles", is_flag=True, help="Break each cycle in broader by removing one named link.")
def fix(files: tuple[str, ...], only: tuple[str, ...], write: bool, break_cycles: bool) -> None:
    """Repair common defects: show a unified diff (exit 1 if anything would change), or --write it.

    With no FILE, the ontology files of this checkout. Cycles are always reported; they are broken only
    with --break-cycles.
    """
    from pathlib import Path

    from ..change.fix import fix_files, write_fixed
    from ..resources import bundled_files

    paths = [Path(f) for f in files] or bundled_files("ontology")
    repairs, cycles, changed = fix_files(paths, only, break_cycles)
    for repair in repairs:
        click.echo(f"{repair.rule}: {repair.description}", err=True)
    for cycle in cycles:
        members = " -> ".join(str(m) for m in cycle.members)
        state = (f"broken by removing <{cycle.broken[0]}> skos:broader <{cycle.broken[2]}>" if cycle.broken
                 else "not broken (pass --break-cycles)")
        click.echo(f"chr: cycle of {len(cycle.members)} concepts: {members}; {state}", err=True)
    if write:
        for file_fix in changed:
            write_fixed(file_fix)
            click.echo(f"wrote {file_fix.path}", err=True)
        return
    for file_fix in changed:
        click.echo(file_fix.unified_diff(), nl=False)
    if changed:
        exit_with(1)
