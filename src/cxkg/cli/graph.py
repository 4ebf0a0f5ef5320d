"""Network analytics commands: ``cxkg graph path|hubs|cycles|components|depth``; each takes ``--json``."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import click

from .. import analytics
from ..glossary import Glossary
from .common import exit_with, field, file_option, heading, open_glossary, say
from .progress import activity

json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def _echo_json(data: Any) -> None:
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        data = dataclasses.asdict(data)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _named(glossary: Glossary, iris: list[Any]) -> list[dict[str, str]]:
    return [{"iri": str(iri), "label": glossary.label(iri)} for iri in iris]


@click.group()
def graph() -> None:
    """Analyse the concept network (broader, narrower and related links)."""


@graph.command()
@click.argument("start")
@click.argument("end")
@json_option
@file_option
def path(start: str, end: str, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """The shortest path from START to END, naming each hop's relation."""
    glossary = open_glossary(files, lang)
    with activity("finding a path", quiet=as_json):
        hops = analytics.shortest_path(glossary, start, end)
    if hops is None:
        say(f"no path links {start!r} and {end!r}", err=True)
        exit_with(1)
        return
    first = glossary.resolve(start)
    if as_json:
        _echo_json({"start": _named(glossary, [first])[0],
                    "hops": [{"relation": hop.relation, **_named(glossary, [hop.target])[0]} for hop in hops]})
        return
    say(glossary.label(first))
    for hop in hops:
        say(f"  --{hop.relation}--> {glossary.label(hop.target)}")


@graph.command()
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@json_option
@file_option
def hubs(limit: int, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """The most connected concepts, by degree and betweenness."""
    glossary = open_glossary(files, lang)
    with activity("ranking hubs", quiet=as_json):
        found, exact = analytics.hubs(glossary, limit)
    if as_json:
        _echo_json({"exact": exact, "hubs": [dataclasses.asdict(hub) for hub in found]})
        return
    width = max((len(h.label) for h in found), default=0)
    click.echo(heading(f"{'concept':<{width}}  degree  betweenness" + ("" if exact else " (estimated)")))
    for hub in found:
        say(f"{hub.label:<{width}}  {hub.degree:>6}  {hub.betweenness:>11.4f}")


@graph.command()
@click.option("-n", "--limit", default=analytics.CYCLE_LIMIT, show_default=True, type=click.IntRange(1),
              help="Stop listing after this many cycles.")
@json_option
@file_option
def cycles(limit: int, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Cycles in the broader hierarchy, as the concepts along them (exit status 1 if any)."""
    glossary = open_glossary(files, lang)
    with activity("finding cycles", quiet=as_json):
        found = analytics.cycles(glossary, limit)
    if as_json:
        _echo_json({"complete": found.complete, "concepts_on_cycles": found.concepts,
                    "cycles": [_named(glossary, cycle) for cycle in found.cycles]})
    elif not found.cycles:
        click.echo("no cycles in broader")
    else:
        for cycle in found.cycles:
            say(" -> ".join(glossary.label(i) for i in [*cycle, cycle[0]]))
    if not found.complete:
        click.echo(f"stopped after {limit} cycles; there are more ({found.concepts} concepts lie on cycles; "
                   "raise --limit to list more)", err=True)
    exit_with(1 if found.cycles else 0)


@graph.command()
@click.option("-n", "--show", default=5, show_default=True, type=click.IntRange(0), help="Labels per cluster.")
@json_option
@file_option
def components(show: int, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Clusters of concepts not linked to each other, largest first."""
    glossary = open_glossary(files, lang)
    with activity("finding components", quiet=as_json):
        found = analytics.components(glossary)
    if as_json:
        _echo_json([{"size": len(group), "concepts": _named(glossary, group[:show])} for group in found])
        return
    click.echo(field("components", str(len(found))))
    for number, group in enumerate(found, 1):
        names = ", ".join(glossary.label(i) for i in group[:show]) + (", …" if len(group) > show else "")
        say(f"{number:>4}. {len(group):>6} concepts: {names}")


@graph.command()
@json_option
@file_option
def depth(as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Depth and fan-out statistics of the hierarchy (roots: the top concepts, else concepts without broader)."""
    stats = analytics.depth_stats(open_glossary(files, lang))
    if as_json:
        _echo_json(stats)
        return
    for name, value in (("roots", stats.roots), ("leaves", stats.leaves), ("max depth", stats.max_depth),
                        ("mean depth", stats.mean_depth), ("below no root", stats.unreachable),
                        ("fan-out mean", stats.fan_out_mean), ("fan-out median", stats.fan_out_median),
                        ("fan-out max", stats.fan_out_max)):
        click.echo(field(name, str(value)))
    click.echo(heading("concepts per depth"))
    for level, count in stats.depths.items():
        click.echo(f"  {level:>3}  {count:>6}")
    click.echo(heading("widest"))
    for _, label, fan in stats.widest:
        say(f"  {fan:>6}  {label}")
