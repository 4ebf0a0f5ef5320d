"""The exporters behind :func:`cxkg.export.export`, one module per family of formats.

Each exporter is a function ``(glossary, **options) -> Rendered``; it never changes the glossary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef


@dataclass(frozen=True)
class Rendered:
    """An exporter's output: text or bytes (one file) or ``{relative name: text}`` (a folder), and its losses.

    ``siblings`` are files written beside an output file (``{suffix replacing the file's own: text}``);
    ``unwritten`` says what they hold, reported as dropped when the output goes to standard output.
    """

    payload: str | bytes | dict[str, str]
    dropped: list[str] = field(default_factory=list)
    siblings: dict[str, str] = field(default_factory=dict)
    unwritten: list[str] = field(default_factory=list)


class Curies:
    """Shorten IRIs to ``prefix:local`` with the longest matching namespace; ``None`` when none fits.

    >>> Curies([("ex", "http://example.org/")])("http://example.org/a")
    'ex:a'
    """

    def __init__(self, namespaces: Iterable[tuple[str, str]]) -> None:
        chosen: dict[str, str] = {}
        for prefix, namespace in sorted(namespaces, key=lambda pair: (pair[0], pair[1])):
            chosen.setdefault(str(namespace), prefix)  # one prefix per namespace: the first by name
        self.prefixes = {prefix: namespace for namespace, prefix in chosen.items()}
        self._longest_first = sorted(chosen.items(), key=lambda item: -len(item[0]))
        self._cache: dict[str, tuple[str, str] | None] = {}

    def split(self, iri: str) -> tuple[str, str] | None:
        """``(prefix, local)`` for ``iri``, or ``None`` when no bound namespace is a proper start of it."""
        if iri not in self._cache:
            self._cache[iri] = next(((prefix, iri[len(ns):]) for ns, prefix in self._longest_first
                                     if iri.startswith(ns)), None)
        return self._cache[iri]

    def __call__(self, iri: str) -> str | None:
        parts = self.split(iri)
        return None if parts is None else f"{parts[0]}:{parts[1]}"

    def shorten(self, iri: str | URIRef) -> str:
        """The CURIE when one fits, else the full IRI."""
        return self(str(iri)) or str(iri)


def yaml_text(data: object) -> str:
    """``data`` as block-style YAML in insertion order (libyaml's emitter when PyYAML has it)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return text
