"""Exceptions raised by cxkg. Each also subclasses the builtin a caller would expect."""

from __future__ import annotations

from collections.abc import Sequence


class CxkgError(Exception):
    """Base class of every error cxkg raises on bad input."""

    exit_code = 2

    def __str__(self) -> str:  # KeyError would quote the message; keep it readable
        return str(self.args[0]) if self.args else self.__class__.__name__


class ConceptNotFound(CxkgError, KeyError):
    """No concept matches the reference; ``suggestions`` holds the closest labels."""

    exit_code = 1

    def __init__(self, ref: str, suggestions: Sequence[str] = ()) -> None:
        self.ref = ref
        self.suggestions = list(suggestions)
        message = f"no concept matches {ref!r}"
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class AmbiguousConcept(CxkgError, KeyError):
    """The reference (typically an acronym) names more than one concept."""

    exit_code = 1

    def __init__(self, ref: str, candidates: Sequence[str]) -> None:
        self.ref = ref
        self.candidates = list(candidates)
        super().__init__(f"{ref!r} is ambiguous; it names: " + "; ".join(self.candidates))


class DataLoadError(CxkgError, ValueError):
    """A file could not be read or parsed; the message names file, line and column."""


class InvalidIRI(DataLoadError):
    """A file holds an IRI that is none (a space, a brace, no scheme, …). ``cxkg validate`` reads such a file
    anyway (``keep_invalid_iris``) and reports the IRI (rule ``invalid-iri``)."""


class UnknownResource(CxkgError, LookupError):
    """A bundled profile, query or format name that does not exist."""


class QueryParameterError(CxkgError, ValueError):
    """A named query was called with missing, extra or malformed parameters."""


class QueryError(CxkgError, ValueError):
    """A SPARQL query is malformed, refused by the safety rules, or exceeded its limits."""


class ExportError(CxkgError, OSError):
    """An export could not be written."""


class InvalidArgument(CxkgError, TypeError):
    """A public function was called with a value of the wrong type (``g.concept(None)``)."""


def require(value: object, types: type | tuple[type, ...], name: str) -> None:
    """Raise :class:`InvalidArgument` unless ``value`` is an instance of ``types`` (bool is no int here)."""
    allowed = types if isinstance(types, tuple) else (types,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed and int in allowed):
        expected = " or ".join("None" if t is type(None) else t.__name__ for t in allowed)
        raise InvalidArgument(f"{name} must be {expected}, not {type(value).__name__} ({value!r:.60})")

class StoreError(CxkgError, ValueError):
    """A store selector is malformed, or its folder cannot be used as an Oxigraph store."""


class EndpointError(CxkgError, OSError):
    """A remote SPARQL endpoint is unreachable, refused the request or answered something unreadable."""
