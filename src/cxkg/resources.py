"""The one place that finds bundled data: ontology, shapes and queries.

Inside an installed wheel the data lives in ``cxkg/data/<kind>``; in a source checkout (editable
install, or running from the repository) it lives at the repository's top level.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import UnknownResource

KINDS = ("ontology", "shapes", "queries")
_SUFFIX = {"ontology": ".ttl", "shapes": ".ttl", "queries": ".rq"}


def data_dir(kind: str) -> Path:
    """Directory of bundled ``kind`` files (``ontology``, ``shapes`` or ``queries``)."""
    if kind not in KINDS:
        raise UnknownResource(f"unknown data kind {kind!r}; expected one of {', '.join(KINDS)}")
    packaged = Path(str(resources.files("cxkg"))) / "data" / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise UnknownResource(f"bundled {kind} not found (looked in {packaged} and {checkout})")


def bundled_files(kind: str) -> list[Path]:
    """The bundled files of ``kind``, sorted by name."""
    return sorted(data_dir(kind).glob("*" + _SUFFIX[kind]))


def bundled_names(kind: str) -> list[str]:
    """Names (file stems) of the bundled files of ``kind``."""
    return [path.stem for path in bundled_files(kind)]


def resolve(kind: str, name_or_path: str | Path) -> Path:
    """A bundled file by name (``"skos"``) or any existing path; unknown names list the valid ones."""
    candidate = Path(name_or_path)
    if candidate.suffix and candidate.is_file():
        return candidate
    bundled = data_dir(kind) / (str(name_or_path) + _SUFFIX[kind])
    if bundled.is_file():
        return bundled
    if candidate.is_file():
        return candidate
    names = ", ".join(bundled_names(kind))
    raise UnknownResource(f"no {kind} named {str(name_or_path)!r}; bundled: {names}; or give a file path")
