"""Change management: concept-level diffs, opt-in fixes and releases (``cxkg diff``, ``fix``, ``release``)."""

from __future__ import annotations

from .diff import Change, Diff, diff

__all__ = ["Change", "Diff", "diff"]
