"""A :class:`~cxkg.change.diff.Diff` as text, Markdown (a CHANGELOG section), JSON or KGCL statements."""

from __future__ import annotations

import json
from collections.abc import Callable

from .diff import Change, Diff

_TITLES = {"major": "Breaking", "minor": "Added, deprecated and moved", "patch": "Changed"}


def describe(change: Change) -> str:
    """One line in words: ``relabelled 'NPS' (…/nps): 'Net promoter' -> 'Net Promoter Score' (@en)``."""
    d = change.detail
    head = f"{change.kind} {change.label!r} <{change.subject}>"
    kind = change.kind
    if kind == "added":
        return head
    if kind == "removed":
        return head + " (breaking: its IRI is gone)"
    if kind in ("deprecated", "split"):
        return head + (f", replaced by {', '.join(f'<{r}>' for r in d['replaced_by'])}" if d["replaced_by"]
                       else ", no replacement")
    if kind == "merged":
        moved = f"; labels moved: {', '.join(map(repr, d['labels_moved']))}" if d["labels_moved"] else ""
        return head + f" into {d['into_label']!r} <{d['into']}>{moved}" + (" (breaking: IRI removed)"
                                                                           if d["removed"] else "")
    if kind == "relabelled":
        kept = "kept as altLabel" if d["old_kept_as_altLabel"] else "not kept as altLabel"
        return head + f": {d['old']!r} -> {d['new']!r} (@{d['language'] or '-'}; old label {kept})"
    if kind in ("label-added", "label-removed"):
        return head + f": {d['property']} {d['text']!r}@{d['language'] or '-'}"
    if kind in ("related-added", "related-removed"):
        return head + f" <-> {d['other_label']!r} <{d['other']}>"
    if kind in ("mapping-added", "mapping-removed"):
        return head + f": {d['property']} <{d['target']}>"
    if kind == "moved":
        return head + f": broader {_list(d['old'])} -> {_list(d['new'])}"
    if kind == "types-changed":
        return head + f": +{_list(d['added'])} -{_list(d['removed'])}"
    return head + f": {d['property']} {_list(d['old'])} -> {_list(d['new'])}"


def _list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def as_text(result: Diff) -> str:
    """One line per change, then a summary with the suggested bump."""
    lines = [describe(c) for c in result.changes]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result: Diff) -> str:
    counts: dict[str, int] = {}
    for change in result.changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "no changes"
    return f"{parts}; {len(result.breaking)} breaking; suggested bump: {result.bump}"


def as_markdown(result: Diff, heading: str = "Changes") -> str:
    """A CHANGELOG section: a heading, then the changes grouped by level."""
    lines = [f"## {heading}", ""]
    if not result.changes:
        lines += ["No changes.", ""]
    for level in ("major", "minor", "patch"):
        chosen = [c for c in result.changes if c.level == level]
        if chosen:
            lines += [f"### {_TITLES[level]}", ""] + [f"- {_md(describe(c))}" for c in chosen] + [""]
    lines += [f"Suggested version bump: **{result.bump}**.", ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def as_json(result: Diff) -> str:
    """``{"bump": …, "breaking": n, "changes": [{kind, level, subject, label, …}]}``."""
    return json.dumps({"bump": result.bump, "breaking": len(result.breaking),
                       "changes": [c.as_dict() for c in result.changes]}, indent=2, ensure_ascii=False) + "\n"


def _quote(text: str) -> str | None:
    return f"'{text}'" if "'" not in text and "\n" not in text else None


def _term(text: str) -> str:
    """A KGCL literal from ``value@lang`` text (double quotes; triple ones when needed)."""
    value, at, lang = text.rpartition("@") if "@" in text else (text, "", "")
    body = value if at and lang and " " not in lang else text
    suffix = f"@{lang}" if at and lang and " " not in lang else ""
    return (f'"{body}"' if '"' not in body and "\n" not in body else f'"""{body}"""') + suffix


def kgcl(change: Change) -> str | None:
    """The KGCL statement for ``change``, or None where KGCL has no such change type."""
    d, node = change.detail, f"<{change.subject}>"
    lang = f"@{d['language']}" if d.get("language") else ""
    builders: dict[str, Callable[[], str | None]] = {
        "added": lambda: (f"create node {node} {q}" if (q := _quote(change.label)) else None),
        "removed": lambda: f"delete {node}",
        "deprecated": lambda: f"obsolete {node}" + (f" with replacement <{d['replaced_by'][0]}>"
                                                    if d["replaced_by"] else ""),
        "merged": lambda: f"obsolete {node} with replacement <{d['into']}>" if not d["removed"] else f"delete {node}",
        "undeprecated": lambda: f"unobsolete {node}",
        "relabelled": lambda: (f"rename {node} from {o}{lang} to {n}{lang}"
                               if (o := _quote(d["old"])) and (n := _quote(d["new"])) else None),
        "label-added": lambda: f"create synonym {q}{lang} for {node}" if (q := _quote(d["text"])) else None,
        "label-removed": lambda: f"remove synonym {q}{lang} for {node}" if (q := _quote(d["text"])) else None,
        "related-added": lambda: f"create edge {node} skos:related <{d['other']}>",
        "related-removed": lambda: f"delete edge {node} skos:related <{d['other']}>",
        "mapping-added": lambda: f"create edge {node} {d['property']} <{d['target']}>",
        "mapping-removed": lambda: f"delete edge {node} {d['property']} <{d['target']}>",
    }
    if change.kind in ("label-added", "label-removed") and d["property"] == "skos:prefLabel":
        return None  # a prefLabel in a new language is not a synonym
    if change.kind in builders:
        return builders[change.kind]()
    if change.kind == "moved":
        return "\n".join([f"delete edge {node} skos:broader <{o}>" for o in d["old"] if o not in d["new"]]
                         + [f"create edge {node} skos:broader <{n}>" for n in d["new"] if n not in d["old"]])
    if change.kind == "types-changed":
        return "\n".join([f"create edge {node} rdf:type <{t}>" for t in d["added"]]
                         + [f"delete edge {node} rdf:type <{t}>" for t in d["removed"]])
    if change.kind in ("definition-changed", "note-changed", "metric-changed") and len(d["old"]) == 1 \
            and len(d["new"]) == 1:
        return (f"change annotation of {node} with {d['property']} from {_term(d['old'][0])} "
                f"to {_term(d['new'][0])}")
    if change.kind == "definition-changed" and not d["old"] and len(d["new"]) == 1:
        return f"add definition {q} to {node}" if (q := _quote(d["new"][0].rsplit("@", 1)[0])) else None
    return None


def as_kgcl(result: Diff) -> str:
    """KGCL statements, one a line; changes KGCL cannot express are listed as ``#`` comments."""
    lines = []
    for change in result.changes:
        statement = kgcl(change)
        lines.append(statement if statement else f"# no KGCL form: {describe(change)}")
    return "\n".join(lines) + ("\n" if lines else "")


RENDERERS: dict[str, Callable[[Diff], str]] = {"text": as_text, "markdown": as_markdown, "json": as_json,
                                               "kgcl": as_kgcl}
