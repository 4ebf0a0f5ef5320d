"""``cxkg site``: the server's pages written as static files, with relative links.

Layout: ``index.html``, ``az-LETTER[-N].html``, ``tree.html``, ``search.html``, ``collections.html``,
``sources.html``, ``validation.html`` at the top; ``c/NAME.html``, ``.ttl`` and ``.jsonld`` per
concept (and per scheme, collection and source); ``static/`` with the CSS, the script and
``search-index.js`` (the client-side search index; ``search-index.json`` holds the same data for
other tools). A file is rewritten only when its content changed, and files a previous build wrote
that are no longer part of the site are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .. import __version__
from ..errors import ExportError
from ..glossary import Glossary
from . import pages
from .app import default_base
from .describe import Triple, cbd, ntriples
from .links import SiteLinks, file_names
from .negotiate import BY_SUFFIX, describe
from .vocab import Vocabulary

MANIFEST = ".cxkg-site"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SiteBuild:
    """What a build did: files written (new or changed), unchanged, and removed."""

    written: int
    unchanged: int
    removed: int


class _Writer:
    """Writes files under ``root`` only when their bytes differ from what is there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.names: list[str] = []
        self.written = self.unchanged = 0
        manifest = root / MANIFEST
        self.previous: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        self.fingerprints: dict[str, str] = {}

    def keep(self, names: list[str], fingerprint: str) -> bool:
        """Keep ``names`` as they are if they were built from the same inputs; False if they must be built."""
        self.fingerprints[names[0]] = fingerprint
        if self.previous.get(names[0]) != fingerprint or not all((self.root / n).is_file() for n in names):
            return False
        self.names += names
        self.unchanged += len(names)
        return True

    def __call__(self, name: str, text: str) -> None:
        data = text.encode("utf-8")
        target = self.root / name
        self.names.append(name)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                self.unchanged += 1
                return
        except FileNotFoundError:
            pass
        partial = target.with_name(f".{target.name}.tmp")
        try:
            partial.write_bytes(data)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
        os.replace(partial, target)  # readers see the old file or the new one, never half of it
        self.written += 1


def build_site(glossary: Glossary, output: str | os.PathLike[str], *, base: str | None = "auto",
               progress: Progress | None = None) -> SiteBuild:
    """Write the static site of ``glossary`` into ``output`` (created if needed)."""
    root = Path(output)
    if root.exists() and not root.is_dir():
        raise ExportError(f"{root}: exists and is not a folder")
    if root.is_dir() and any(root.iterdir()) and not (root / MANIFEST).is_file():
        raise ExportError(f"{root}: folder is not empty and was not written by cxkg site; choose a new folder")
    vocab = Vocabulary(glossary)
    vocab.warm()
    base = default_base(glossary) if base == "auto" else base
    resources_ = _resources(vocab)
    links = SiteLinks(base, file_names(resources_, base))
    write = _Writer(root)
    _top_pages(vocab, links, write)
    _concept_pages(vocab, links.at_depth(1), resources_, write, progress)
    _static(vocab, links, write)
    removed = _tidy(root, write)
    write(MANIFEST, json.dumps({name: write.fingerprints.get(name, "") for name in sorted(write.names)}, indent=0))
    return SiteBuild(write.written, write.unchanged - (MANIFEST in write.previous), removed)


def _resources(vocab: Vocabulary) -> list[URIRef]:
    """Everything that gets a page: concepts (deprecated too), schemes, collections, cited sources."""
    glossary = vocab.glossary
    found = [*glossary.iris, *sorted(glossary.deprecated), *vocab.scheme.schemes]
    found += [iri for iri, _, _ in vocab.collections] + [iri for iri, _, _ in vocab.sources]
    found += sorted(s for s in glossary.graph.subjects(RDF.type, DCTERMS.BibliographicResource)
                    if isinstance(s, URIRef))
    return list(dict.fromkeys(found))


def _top_pages(vocab: Vocabulary, links: SiteLinks, write: _Writer) -> None:
    def page(name: str, template: str, context: dict[str, object]) -> None:
        write(name, pages.render(template, vocab, links, **context))

    page("index.html", "home.html", pages.home(vocab))
    for letter in vocab.letters or {"A": []}:
        _, count = vocab.letter_page(letter)
        for number in range(1, count + 1):
            page(links.letter(letter, number), "az.html", pages.az(vocab, letter, number))
    page("tree.html", "tree.html", pages.tree(vocab, depth=None))
    page("search.html", "search.html", pages.search(vocab, ""))
    page("collections.html", "groups.html", pages.collections(vocab))
    page("sources.html", "groups.html", pages.sources(vocab))
    page("validation.html", "validation.html", pages.validation(vocab, vocab.glossary.validate("skos")))


def _concept_pages(vocab: Vocabulary, links: SiteLinks, iris: list[URIRef], write: _Writer,
                   progress: Progress | None) -> None:
    graph = vocab.glossary.graph
    common = _common_inputs(vocab, links)
    for done, iri in enumerate(iris, 1):
        name = links.files[str(iri)]
        files = [f"c/{name}.html", *(f"c/{name}.{suffix}" for suffix, _ in links.formats)]
        triples = cbd(graph, iri)
        if not write.keep(files, _fingerprint(vocab, links, iri, triples, common)):
            context = pages.concept(vocab, iri, str(iri))
            write(files[0], pages.render(str(context["template"]), vocab, links, **context))
            for file, (suffix, _) in zip(files[1:], links.formats, strict=True):
                write(file, describe(graph, iri, BY_SUFFIX[suffix], triples))
        if progress is not None and (done % 250 == 0 or done == len(iris)):
            progress(done, len(iris))


def _common_inputs(vocab: Vocabulary, links: SiteLinks) -> str:
    """What every concept page shows besides the concept: the templates, scheme facts and navigation."""
    digest = hashlib.sha256(str((__version__, vocab.scheme, vocab.lang, next(iter(vocab.letters), ""),
                                 links.formats)).encode())
    for template in sorted(resources.files("cxkg.serve").joinpath("templates").iterdir(), key=lambda t: t.name):
        digest.update(template.read_bytes())
    return digest.hexdigest()


def _fingerprint(vocab: Vocabulary, links: SiteLinks, iri: URIRef, triples: list[Triple], common: str) -> str:
    """A digest of everything a concept's files are made of: its triples, its record, the labels and
    file names of what it links to, and the common inputs. Same digest, same files."""
    glossary = vocab.glossary
    concept = glossary.concept(iri) if vocab.is_concept(iri) else None
    linked = {t for triple in triples for t in triple[1:] if isinstance(t, URIRef)}
    if concept is not None:
        linked.update(*(getattr(concept, name) for name in ("broader", "narrower", "related", "collections",
                                                             "sources", "replaced_by")))
    names = sorted((str(t), vocab.label(t), links.concept(t), vocab.resource(t)) for t in linked)
    return hashlib.sha256(str((common, ntriples(triples), concept, names)).encode()).hexdigest()[:32]


def _static(vocab: Vocabulary, links: SiteLinks, write: _Writer) -> None:
    folder = resources.files("cxkg.serve").joinpath("static")
    for item in folder.iterdir():
        if item.is_file():
            write(f"static/{item.name}", item.read_text(encoding="utf-8"))
    glossary = vocab.glossary
    index = []
    for concept in glossary:
        others = [*concept.acronyms, *concept.alt_labels,
                  *(str(o) for o in glossary.graph.objects(concept.iri, SKOS.hiddenLabel))]
        index.append([concept.label, links.concept(concept.iri), others])
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    write("static/search-index.json", data)
    write("static/search-index.js", "window.CXKG_INDEX = " + data.replace("</", "<\\/") + ";\n")


def _tidy(root: Path, write: _Writer) -> int:
    """Remove files a previous build listed that this build did not write."""
    keep = set(write.names) | {MANIFEST}
    removed = 0
    for name in write.previous:
        path = root / name
        if name and name not in keep and ".." not in Path(name).parts and path.is_file():
            path.unlink()
            removed += 1
    return removed
