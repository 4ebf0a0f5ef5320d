"""Serve a glossary over HTTP (``cxkg serve``) or as a static site (``cxkg site``).

Needs the ``serve`` extra: ``pip install 'cxkg[serve]'``. The server is a Starlette application
(:func:`create_app`) run by uvicorn; pages are Jinja2 templates in this package, shared with the
static site builder (:func:`build_site`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .site import build_site


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "build_site":
        from .site import build_site

        return build_site
    raise AttributeError(f"module 'cxkg.serve' has no attribute {name!r}")


__all__ = ["build_site", "create_app"]
