"""Network analytics commands: ``cxkg graph path|hubs|cycles|components|depth``."""

from __future__ import annotations

import click

from .. import analytics
from .common import exit_with, field, file_option, heading, open_glossary


@click.group()
def graph() -> None:
    """Analyse the concept network (broader, narrower and related links)."""


@graph.command()
@click.argument("start")
@click.argument("end")
@file_option
def path(start: str, end: str, files: tuple[str, ...], lang: str) -> None:
    """The shortest path from START to END, naming each hop's relation."""
    glossary = open_glossary(files, lang)
    hops = analytics.shortest_path(glossary, start, end)
    if hops is None:
        click.echo(f"no path links {start!r} and {end!r}", err=True)
        exit_with(1)
        return
    click.echo(glossary.label(glossary.resolve(start)))
    for hop in hops:
        click.echo(f"  --{hop.relation}--> {glossary.label(hop.target)}")


@graph.command()
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@file_option
def hubs(limit: int, files: tuple[str, ...], lang: str) -> None:
    """The most connected concepts, by degree and betweenness."""
    found, exact = analytics.hubs(open_glossary(files, lang), limit)
    width = max((len(h.label) for h in found), default=0)
    click.echo(heading(f"{'concept':<{width}}  degree  betweenness" + ("" if exact else " (estimated)")))
    for hub in found:
        click.echo(f"{hub.label:<{width}}  {hub.degree:>6}  {hub.betweenness:>11.4f}")


@graph.command()
@file_option
def cycles(files: tuple[str, ...], lang: str) -> None:
    """Every cycle in the broader hierarchy, as the concepts along it (exit status 1 if any)."""
    glossary = open_glossary(files, lang)
    found = analytics.cycles(glossary)
    if not found:
        click.echo("no cycles in broader")
        return
    for cycle in found:
        click.echo(" -> ".join(glossary.label(i) for i in [*cycle, cycle[0]]))
    exit_with(1)


@graph.command()
@click.option("-n", "--show", default=5, show_default=True, type=click.IntRange(0), help="Labels per cluster.")
@file_option
def components(show: int, files: tuple[str, ...], lang: str) -> None:
    """Clusters of concepts not linked to each other, largest first."""
    glossary = open_glossary(files, lang)
    found = analytics.components(glossary)
    click.echo(field("components", str(len(found))))
    for number, group in enumerate(found, 1):
        names = ", ".join(glossary.label(i) for i in group[:show]) + (", …" if len(group) > show else "")
        click.echo(f"{number:>4}. {len(group):>6} concepts: {names}")


@graph.command()
@file_option
def depth(files: tuple[str, ...], lang: str) -> None:
    """Depth and fan-out statistics of the hierarchy."""
    stats = analytics.depth_stats(open_glossary(files, lang))
    for name, value in (("roots", stats.roots), ("leaves", stats.leaves), ("max depth", stats.max_depth),
                        ("mean depth", stats.mean_depth), ("on cycles, unreachable", stats.unreachable),
                        ("fan-out mean", stats.fan_out_mean), ("fan-out median", stats.fan_out_median),
                        ("fan-out max", stats.fan_out_max)):
        click.echo(field(name, str(value)))
    click.echo(heading("concepts per depth"))
    for level, count in stats.depths.items():
        click.echo(f"  {level:>3}  {count:>6}")
    click.echo(heading("widest"))
    for _, label, fan in stats.widest:
        click.echo(f"  {fan:>6}  {label}")
