"""Versions of a vocabulary to compare: files, folders, or git revisions of the ontology folder.

``REV`` (``v0.1.0``, ``HEAD~3``, a commit) means the ``.ttl`` (and other RDF) files of the
ontology folder at that revision, read with ``git show REV:ontology/FILE``; the working tree is
never touched. ``A..B`` names two revisions at once.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from rdflib import Graph

from ..errors import DataLoadError
from ..loading import FORMATS, load_graph
from ..resources import bundled_files

_REV = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./~^@{}:-]*$")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output; failures become :class:`DataLoadError`."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DataLoadError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataLoadError(f"git {args[0]}: {reason[-1] if reason else 'failed'}")
    return done.stdout.decode("utf-8")


def repository(start: Path | None = None) -> Path:
    """The top folder of the git checkout holding ``start`` (default: the current folder)."""
    return Path(git(start or Path.cwd(), "rev-parse", "--show-toplevel").strip())


def at_revision(rev: str, folder: str = "ontology", repo: Path | None = None) -> Graph:
    """The merged graph of the RDF files in ``folder`` at git revision ``rev``."""
    if not _REV.match(rev):
        raise DataLoadError(f"{rev!r} is not a git revision")
    top = repository(repo)
    names = [n for n in git(top, "ls-tree", "--name-only", f"{rev}:{folder}").splitlines() if _rdf(n)]
    if not names:
        raise DataLoadError(f"{rev}:{folder} holds no RDF files")
    graph = Graph()
    for name in sorted(names):
        data = git(top, "show", f"{rev}:{folder}/{name}")
        try:
            graph.parse(data=data, format=FORMATS[Path(name).suffix.lower()])
        except Exception as exc:  # any parser error means the file at that revision is bad
            raise DataLoadError(f"{rev}:{folder}/{name}: {str(exc).strip().splitlines()[0]}") from None
    return graph


def _rdf(name: str) -> bool:
    """An RDF file by its suffix (JSON files in an ontology folder are contexts, not data)."""
    suffix = Path(name).suffix.lower()
    return suffix in FORMATS and suffix not in (".json", ".jsonld")


def version_graph(ref: str, folder: str = "ontology") -> Graph:
    """A file, a folder of RDF files, ``bundled`` (the installed ontology), or a git revision."""
    path = Path(ref)
    if ref == "bundled":
        return load_graph(bundled_files("ontology"))
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if _rdf(p.name))
        if not files:
            raise DataLoadError(f"{path}: no RDF files in this folder")
        return load_graph(files)
    if path.exists():
        return load_graph([path])
    return at_revision(ref, folder)


def pair(old: str, new: str | None, folder: str = "ontology") -> tuple[Graph, Graph]:
    """The two versions ``cxkg diff OLD [NEW]`` names: ``A..B``, ``REV`` (against the working tree), or two refs."""
    if new is None and ".." in old and not Path(old).exists():
        first, _, second = old.partition("..")
        return version_graph(first, folder), version_graph(second or "HEAD", folder)
    if new is None:
        return version_graph(old, folder), version_graph(str(repository() / folder), folder)
    return version_graph(old, folder), version_graph(new, folder)
