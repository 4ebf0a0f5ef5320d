"""Change commands: ``cxkg diff``, ``cxkg fix`` and ``cxkg release``."""

from __future__ import annotations

import click

from .common import exit_with, say


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
    text = RENDERERS[fmt](result)
    if fmt == "text":
        say(text.removesuffix("\n"))
    else:
        click.echo(text, nl=False)
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


@click.command()
@click.argument("version", metavar="X.Y.Z")
@click.option("--folder", metavar="PATH", help="The ontology folder (default: ontology/ of this git checkout).")
@click.option("--since", metavar="REV|PATH", help="Count changes from this git revision, file or folder.")
@click.option("--changelog", metavar="PATH", help="The changelog to prepend to (default: CHANGELOG.md beside the "
                                                  "ontology folder).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The release date (default: today).")
@click.option("--profile", default="skos", show_default=True, help="Validation profile the release must pass.")
def release(version: str, folder: str | None, since: str | None, changelog: str | None, day: str | None,
            profile: str) -> None:
    """Release version X.Y.Z: stamp the scheme, date changed concepts, prepend the changes to CHANGELOG.md.

    Refused (exit 1) when X.Y.Z is not greater than the last release or validation fails.
    """
    import datetime as dt
    from pathlib import Path

    from ..change.release import release as make_release
    from ..change.revisions import repository
    from ..errors import DataLoadError

    try:
        when = dt.date.fromisoformat(day) if day else None
    except ValueError:
        raise DataLoadError(f"--date {day!r} is not a date YYYY-MM-DD") from None
    where = Path(folder) if folder else repository() / "ontology"
    done = make_release(version, where, since=since, changelog=Path(changelog) if changelog else None, today=when,
                        profile=profile)
    for path in done.written:
        click.echo(f"stamped {path}", err=True)
    if done.stamp_before and done.stamp_before != done.version:
        click.echo(f"note: the scheme said owl:versionInfo {done.stamp_before!r}, which no release recorded; "
                   f"it now says {done.version!r}", err=True)
    click.echo(f"released {done.version} (previous: {done.previous or 'none'}; changes since {done.baseline}: "
               f"{len(done.changes.changes)}, suggested bump {done.changes.bump}); prepended to {done.changelog}",
               err=True)
