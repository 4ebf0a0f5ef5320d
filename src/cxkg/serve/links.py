"""Where each page lives: absolute paths on the server, relative file names in the static site.

Templates only ever build links through a :class:`Links`, so the server and ``cxkg site`` share
one set of templates.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlencode

from rdflib import URIRef

#: first path segments the server keeps for itself; a concept IRI under the base with one of these
#: is reached at /concept?uri=… instead
RESERVED = frozenset({"", "api", "rest", "static", "sparql", "query", "search", "az", "tree", "collections",
                      "sources", "validation", "docs", "openapi.json", "concept", "favicon.ico", "index.html"})
#: the pages both the server and the static site have
PAGES = ("home", "az", "tree", "search", "collections", "sources", "validation", "query", "docs")

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


class Links:
    """Links of the server: pages at ``/name``, concepts at their IRI path or ``/concept?uri=``."""

    static_site = False
    #: (URL suffix, name) of the RDF documents each resource has
    formats: tuple[tuple[str, str], ...] = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"),
                                            ("rdf", "RDF/XML"))

    def __init__(self, base: str | None, lang: str | None = None) -> None:
        self.base = base
        self.lang = lang  # a display language other than the default, carried from page to page

    def path_of(self, iri: str) -> str | None:
        """The server path of an IRI under the base (``/net-promoter-score``), or None."""
        if not self.base or not iri.startswith(self.base):
            return None
        rest = iri[len(self.base):]
        if not rest or "#" in rest or "?" in rest or rest.split("/")[0] in RESERVED or rest.endswith("/"):
            return None
        if "." in rest.rsplit("/", 1)[-1]:  # would look like a document URL (name.ttl)
            return None
        return "/" + quote(rest, safe="/-_~")

    def concept(self, iri: str) -> str:
        """The HTML page of a concept or other resource of the vocabulary."""
        return self.document(iri, "html")

    def document(self, iri: str, suffix: str) -> str:
        """The document of ``iri`` in the format with URL suffix ``suffix`` (html, ttl, jsonld, nt, rdf)."""
        path = self.path_of(iri)
        lang = {"lang": self.lang} if self.lang and suffix == "html" else {}
        if path:
            return f"{path}.{suffix}" + (f"?{urlencode(lang)}" if lang else "")
        return "/concept?" + urlencode({"uri": iri, "format": suffix, **lang})

    def page(self, name: str, **params: object) -> str:
        """A page by name (see :data:`PAGES`), with query parameters."""
        path = "/" if name == "home" else f"/{name}"
        query = urlencode({k: v for k, v in {**params, "lang": self.lang}.items() if v not in (None, "")})
        return f"{path}?{query}" if query else path

    def letter(self, letter: str, page: int = 1) -> str:
        """One A–Z page."""
        return self.page("az", letter=letter, page=page if page > 1 else None)

    def static(self, name: str) -> str:
        """A bundled static file."""
        return f"/static/{name}"


class SiteLinks(Links):
    """Links of the static site: every page a file, relative to the page being written."""

    static_site = True
    formats = (("ttl", "Turtle"), ("jsonld", "JSON-LD"))

    def __init__(self, base: str | None, files: dict[str, str], depth: int = 0) -> None:
        super().__init__(base, None)
        self.files = files
        self.up = "../" * depth

    def at_depth(self, depth: int) -> SiteLinks:
        """The same links as seen from a page ``depth`` folders down."""
        return SiteLinks(self.base, self.files, depth)

    def concept(self, iri: str) -> str:
        name = self.files.get(str(iri))
        return f"{self.up}c/{name}.html" if name else iri

    def document(self, iri: str, suffix: str) -> str:
        name = self.files.get(str(iri))
        return f"{self.up}c/{name}.{suffix}" if name else iri

    def page(self, name: str, **params: object) -> str:
        file = "index" if name == "home" else name
        return f"{self.up}{file}.html"

    def letter(self, letter: str, page: int = 1) -> str:
        return f"{self.up}az-{letter_slug(letter)}{f'-{page}' if page > 1 else ''}.html"

    def static(self, name: str) -> str:
        return f"{self.up}static/{name}"



def letter_slug(letter: str) -> str:
    """A file-safe name for an A–Z letter (``#`` -> ``other``)."""
    return letter.lower() if letter.isalpha() else "other"


def file_names(iris: list[URIRef], base: str | None) -> dict[str, str]:
    """A unique, readable, file-safe name for each IRI (its path under the base, else its last segment)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for iri in iris:
        text = str(iri)
        rest = text[len(base):] if base and text.startswith(base) else text.rstrip("/#").rsplit("/", 1)[-1]
        name = _UNSAFE.sub("_", rest.replace("/", "~")).strip("._")[:80] or "resource"
        if name.casefold() in taken:
            name = f"{name}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
        taken.add(name.casefold())
        names[text] = name
    return names
