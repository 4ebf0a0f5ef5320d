"""``cxkg release X.Y.Z``: stamp the version, date the changed concepts, and prepend the changes to CHANGELOG.md.

The previous release is the highest version named by a ``## [X.Y.Z]`` heading in CHANGELOG.md or
by a git tag ``vX.Y.Z``; the new version must be greater. The changes are counted from that release
(its tag, or the commit that introduced its ``owl:versionInfo`` stamp), or, before the first
release, from the first commit of the ontology folder; ``since`` (a git revision, file or folder)
overrides both. Version stamps in the data that no release recorded (edition 1 wrote ``1.0.0``) are
not releases. The release is refused when the stamped vocabulary does not pass validation.

Files are edited in place where the Turtle allows a line edit (so comments and layout stay); a file
the line edits cannot change exactly is rewritten as cxkg's sorted Turtle, keeping its opening
comment lines. Every written file is checked to parse to exactly the graph intended.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD
from rdflib.term import Node

from ..errors import CxkgError, DataLoadError
from ..exporters.triples import canonical_triples
from ..fileio import write_atomically
from ..glossary import Glossary
from ..loading import parse_into
from .diff import Diff, diff
from .render import as_markdown
from .revisions import _rdf, git, repository, version_graph

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\]", re.MULTILINE)


class ReleaseRefused(CxkgError):
    """The release cannot be made (version not greater, validation fails); nothing was written."""

    exit_code = 1


@dataclass(frozen=True)
class Release:
    """What a release did: its version, the previous one, the changes, and the files written."""

    version: str
    previous: str | None
    baseline: str
    changes: Diff
    written: tuple[Path, ...]
    changelog: Path
    stamp_before: str | None = None  # the scheme's owl:versionInfo before this release


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2.3"`` -> ``(1, 2, 3)``; anything else is a :class:`DataLoadError`."""
    match = _VERSION.match(text.strip())
    if not match:
        raise DataLoadError(f"{text!r} is not a version X.Y.Z (such as 0.2.0)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def previous_release(folder: Path, changelog: Path) -> str | None:
    """The highest version in CHANGELOG.md headings or git tags, or None before the first release."""
    found = set(_HEADING.findall(changelog.read_text(encoding="utf-8"))) if changelog.is_file() else set()
    with contextlib.suppress(DataLoadError):  # not a git checkout: the changelog alone says
        found |= {t.lstrip("v") for t in git(folder, "tag", "--list").split() if _VERSION.match(t.lstrip("v"))}
    return max(found, key=parse_version, default=None)


def baseline(folder: Path, previous: str | None, since: str | None) -> tuple[str, Graph]:
    """The version to count changes from: ``since``, the previous release, or the folder's first commit."""
    if since:
        return since, version_graph(since, _relative(folder))
    try:
        top = repository(folder)
    except DataLoadError:
        raise DataLoadError(f"{folder} is not in a git checkout; name the previous version with --since "
                            "FILE|FOLDER") from None
    relative = _relative(folder, top)
    rev = None
    if previous:
        tags = git(top, "tag", "--list", previous, f"v{previous}").split()
        rev = tags[0] if tags else None
        if rev is None:
            stamped = git(top, "log", "--format=%H", "-S", f'"{previous}"', "--", relative).split()
            rev = stamped[-1] if stamped else None
    if rev is None:
        commits = git(top, "log", "--reverse", "--format=%H", "--", relative).split()
        if not commits:
            raise DataLoadError(f"{relative} has no commits yet; name the previous version with --since")
        rev = commits[0]
    return rev, version_graph(rev, relative)


def _relative(folder: Path, top: Path | None = None) -> str:
    try:
        return str(folder.resolve().relative_to((top or repository(folder)).resolve()))
    except (ValueError, DataLoadError):
        return folder.name


def release(version: str, folder: Path, *, since: str | None = None, changelog: Path | None = None,
            today: dt.date | None = None, profile: str = "skos") -> Release:
    """Stamp ``version`` on the vocabulary in ``folder``, date its changed concepts, prepend the changelog."""
    parse_version(version)
    folder = folder.resolve()
    changelog = changelog or folder.parent / "CHANGELOG.md"
    today = today or dt.date.today()
    previous = previous_release(folder, changelog)
    if previous and parse_version(version) <= parse_version(previous):
        raise ReleaseRefused(f"version {version} is not greater than the previous release {previous}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and _rdf(p.name))
    if not files:
        raise DataLoadError(f"{folder}: no RDF files to release")
    graphs = {path: parse_into(Graph(), path) for path in files}
    current = Graph()
    for graph in graphs.values():
        current += graph
    stamp_before = next((str(v) for s in current.subjects(RDF.type, SKOS.ConceptScheme)
                         for v in current.objects(s, OWL.versionInfo)), None)
    base_name, base = baseline(folder, previous, since)
    changes = diff(base, current)
    stamps = _stamps(current, changes, version, today)
    stamped = Graph()
    stamped += current
    _apply(stamped, stamps)
    report = Glossary(stamped).validate(profile)
    if not report.conforms:
        raise ReleaseRefused(f"validation fails ({report.summary()}); run `cxkg validate` and fix it first")
    texts = {path: _patched(path, graphs[path], stamps) for path in files}
    heading = f"[{version}] - {today.isoformat()}"
    section = as_markdown(changes, heading).replace(f"## {heading}\n", f"## {heading}\n\nChanges since "
                                                    f"{previous or 'the first version'} ({base_name}).\n", 1)
    written = []
    for path, text in texts.items():
        if text is not None:
            write_atomically(path, text)
            written.append(path)
    write_atomically(changelog, _prepend(changelog, section))
    return Release(version, previous, base_name, changes, tuple(written), changelog, stamp_before)


Stamp = tuple[Node, URIRef, Literal]


def _stamps(graph: Graph, changes: Diff, version: str, today: dt.date) -> list[Stamp]:
    date = Literal(today.isoformat(), datatype=XSD.date)
    stamps: list[Stamp] = []
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        stamps += [(scheme, OWL.versionInfo, Literal(version)), (scheme, DCTERMS.modified, date)]
    added = {c.subject for c in changes.changes if c.kind == "added"}
    for iri in sorted(changes.changed_concepts()):
        concept = URIRef(iri)
        if (concept, None, None) not in graph:
            continue
        stamps.append((concept, DCTERMS.modified, date))
        if iri in added and (concept, DCTERMS.created, None) not in graph:
            stamps.append((concept, DCTERMS.created, date))
    return stamps


def _apply(graph: Graph, stamps: list[Stamp]) -> None:
    for subject, predicate, value in stamps:
        graph.set((subject, predicate, value))


def _patched(path: Path, graph: Graph, stamps: list[Stamp]) -> str | None:
    """The file's new text with the stamps for subjects it defines, or None when it needs none."""
    mine = [s for s in stamps if (s[0], RDF.type, None) in graph]
    if not mine:
        return None
    target = Graph()
    target += graph
    _apply(target, mine)
    text = path.read_text(encoding="utf-8")
    edited = _line_edits(text, graph, mine)
    if edited is not None and _same(edited, target, path):
        return edited
    from ..exporters.rdf import turtle

    header = "".join(line for line in text.splitlines(keepends=True)[:_header_length(text)])
    rewritten = turtle(Glossary(target)).payload
    assert isinstance(rewritten, str)
    return header + ("\n" if header else "") + rewritten


def _header_length(text: str) -> int:
    lines = text.splitlines()
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    return count


def _same(text: str, target: Graph, path: Path) -> bool:
    try:
        graph = Graph().parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception:  # a line edit that broke the syntax: fall back to rewriting
        return False
    return set(canonical_triples(graph)) == set(canonical_triples(target))


def _line_edits(text: str, graph: Graph, stamps: list[Stamp]) -> str | None:
    """Replace the stamped properties' lines in each subject's block, or insert them after its first line."""
    lines = text.splitlines(keepends=True)
    prefixes = dict(re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text))

    def written(iri: Node) -> list[str]:
        forms = [f"<{iri}>"]
        forms += [f"{p}:{str(iri)[len(ns):]}" for p, ns in prefixes.items() if str(iri).startswith(ns)]
        return forms

    def value(literal: Literal) -> str:
        if literal.datatype is None:
            return literal.n3()
        short = [f"{p}:date" for p, ns in prefixes.items() if ns == str(XSD)]
        return f'"{literal}"^^{short[0]}' if short else literal.n3()

    for subject, predicate, literal in stamps:
        start = next((n for n, line in enumerate(lines) if any(re.match(re.escape(f) + r"(\s|$)", line)
                                                               for f in written(subject))), None)
        if start is None:
            return None
        end = next((n for n in range(start, len(lines)) if lines[n].rstrip().endswith(".")), None)
        if end is None:
            return None
        pattern = re.compile(r"^(\s+)(" + "|".join(re.escape(f) for f in written(predicate)) + r")\s+.*?(\s*[;.])\s*$")
        hit = next((n for n in range(start + 1, end + 1) if pattern.match(lines[n])), None)
        if hit is not None:
            match = pattern.match(lines[hit])
            assert match is not None
            lines[hit] = f"{match.group(1)}{match.group(2)} {value(literal)}{match.group(3)}\n"
        elif lines[start].rstrip().endswith(";") or (start < end and not lines[start].rstrip().endswith(".")):
            after_type = start + 1 < end and re.match(r"^\s+a\s.*;\s*$", lines[start + 1])
            line = f"    {written(predicate)[-1]} {value(literal)} ;\n"
            lines.insert(start + 2 if after_type else start + 1, line)
        else:
            return None
    return "".join(lines)


def _prepend(changelog: Path, section: str) -> str:
    if not changelog.is_file():
        return "# Changelog\n\n" + section
    old = changelog.read_text(encoding="utf-8")
    title, _, rest = old.partition("\n")
    if title.startswith("# "):
        return f"{title}\n\n{section}{rest.lstrip(chr(10))}"
    return section + old
