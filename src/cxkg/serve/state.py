"""What every request handler shares: the served vocabulary, its limits, and response helpers."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..report import ValidationReport
from . import pages
from .links import Links
from .vocab import Vocabulary

T = TypeVar("T")


@dataclass
class Server:
    """The served vocabulary (read-only), where its IRIs live, and the limits of every query."""

    vocab: Vocabulary
    base: str | None
    timeout: float = 10.0
    row_limit: int = 10_000
    cache_size: int = 4096
    _reports: dict[str, ValidationReport] = field(default_factory=dict)
    _documents: OrderedDict[tuple[str, ...], str] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def document(self, key: tuple[str, ...], make: Callable[[], str]) -> str:
        """A rendered document, made once: the graph never changes while it is served."""
        with self._lock:
            if key in self._documents:
                self._documents.move_to_end(key)
                return self._documents[key]
        text = make()
        with self._lock:
            self._documents[key] = text
            if len(self._documents) > self.cache_size:
                self._documents.popitem(last=False)
        return text

    def validation(self, profile: str = "skos") -> ValidationReport:
        """The validation report for ``profile``, computed once."""
        if profile not in self._reports:
            report = self.vocab.glossary.validate(profile)
            with self._lock:
                self._reports.setdefault(profile, report)
        return self._reports[profile]


def server_of(request: Request) -> Server:
    """The :class:`Server` of the app handling ``request``."""
    server: Server = request.app.state.server
    return server


def view(request: Request) -> tuple[Vocabulary, Links]:
    """The vocabulary in the language the request asks for (``?lang=``), and links that keep it."""
    server = server_of(request)
    vocab = server.vocab.for_lang(request.query_params.get("lang"))
    return vocab, Links(server.base, vocab.lang if vocab.lang != server.vocab.lang else None)


def html(request: Request, template: str, context: dict[str, Any], status: int = 200,
         headers: dict[str, str] | None = None) -> HTMLResponse:
    """A page rendered with the shared templates."""
    vocab, links = view(request)
    return HTMLResponse(pages.render(template, vocab, links, **context), status_code=status, headers=headers)


def json_response(data: Any, status: int = 200, media_type: str = "application/json",
                  headers: dict[str, str] | None = None) -> Response:
    """Compact UTF-8 JSON (IRIs and other objects as strings)."""
    body = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return Response(body, status_code=status, media_type=media_type, headers=headers)
