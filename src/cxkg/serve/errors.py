"""The one place where cxkg errors become HTTP statuses.

| error | status |
|---|---|
| ConceptNotFound, AmbiguousConcept, UnknownResource | 404, with suggestions or candidates |
| QueryError past its time or memory limit | 503 (ask again with a simpler query) |
| QueryError refusing an update, LOAD, SERVICE or FROM | 403 (a read-only endpoint) |
| any other CxkgError (bad parameters, malformed SPARQL, unreadable input) | 400 |
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import AmbiguousConcept, ConceptNotFound, CxkgError, QueryError, UnknownResource


@dataclass(frozen=True)
class HttpProblem:
    """An error as the client sees it: status, one-line message, suggestions."""

    status: int
    message: str
    suggestions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The JSON body of an error response."""
        body: dict[str, object] = {"error": self.message, "status": self.status}
        if self.suggestions:
            body["suggestions"] = self.suggestions
        return body


class BadRequest(CxkgError, ValueError):
    """A request the server cannot take: missing or malformed parameters (400)."""


class NotAcceptable(CxkgError, ValueError):
    """No offered format satisfies the ``Accept`` header (406)."""


def problem(exc: CxkgError) -> HttpProblem:
    """The HTTP status and message for a cxkg error."""
    message = str(exc)
    if isinstance(exc, ConceptNotFound):
        return HttpProblem(404, message, exc.suggestions)
    if isinstance(exc, AmbiguousConcept):
        return HttpProblem(404, message, exc.candidates)
    if isinstance(exc, UnknownResource):
        return HttpProblem(404, message)
    if isinstance(exc, NotAcceptable):
        return HttpProblem(406, message)
    if isinstance(exc, QueryError):
        if "time limit" in message or "memory limit" in message:
            return HttpProblem(503, message)
        if message.startswith("refused"):
            return HttpProblem(403, message)
    return HttpProblem(400, message)
