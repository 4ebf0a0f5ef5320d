"""``cxkg site``: the same pages as static files, every link resolving, rebuilt only where changed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

import cxkg
from cxkg.cli import main

pytest.importorskip("jinja2")
from conftest import DATA

from cxkg.errors import ExportError
from cxkg.serve import build_site

NPS = "https://w3id.org/cxkg/net-promoter-score"


@pytest.fixture(scope="module")
def site(bundled: cxkg.Glossary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(bundled, out)
    return out


def broken_links(root: Path) -> list[str]:
    """Relative href/src targets in every page that name no file of the site."""
    broken = []
    for page in root.rglob("*.html"):
        for target in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(target.replace("&amp;", "&"))
            if parts.scheme or target.startswith(("#", "data:")):
                continue
            if not (page.parent / unquote(parts.path)).resolve().is_file():
                broken.append(f"{page.relative_to(root)} -> {target}")
    return broken


def test_every_link_of_the_site_resolves(site: Path) -> None:
    assert broken_links(site) == []
    assert not any('href="/' in page.read_text() for page in site.rglob("*.html"))  # relative links only


def test_pages_and_per_concept_rdf_beside_each_page(site: Path, bundled: cxkg.Glossary) -> None:
    for name in ("index.html", "tree.html", "search.html", "collections.html", "sources.html", "validation.html",
                 "az-n.html", "static/app.js", "static/style.css"):
        assert (site / name).is_file(), name
    page = (site / "c" / "net-promoter-score.html").read_text()
    assert "Net Promoter Score" in page and '"DefinedTerm"' in page
    parent = str(bundled.concept("NPS").broader[0]).rsplit("/", 1)[-1]
    assert f'href="../c/{parent}.html"' in page and 'href="../tree.html"' in page
    expected = bundled.graph.cbd(URIRef(NPS))
    assert isomorphic(Graph().parse(site / "c" / "net-promoter-score.ttl"), expected)
    assert isomorphic(Graph().parse(site / "c" / "net-promoter-score.jsonld", format="json-ld"), expected)
    assert len(list((site / "c").glob("*.html"))) >= len(bundled)


def test_the_client_side_search_index_lists_every_concept(site: Path, bundled: cxkg.Glossary) -> None:
    index = json.loads((site / "static" / "search-index.json").read_text())
    assert len(index) == len(bundled)
    entry = next(e for e in index if e[0] == "Net Promoter Score")
    assert entry[1] == "c/net-promoter-score.html" and "NPS" in entry[2]
    assert (site / "static" / "search-index.js").read_text().startswith("window.CXKG_INDEX = [")


def test_a_rebuild_rewrites_only_what_changed(tmp_path: Path) -> None:
    source = tmp_path / "mini.ttl"
    source.write_text((DATA / "mini.ttl").read_text())
    out = tmp_path / "site"
    first = build_site(cxkg.load(source), out)
    assert first.written > 20 and first.unchanged == 0
    again = build_site(cxkg.load(source), out)
    assert again.written == 0 and again.unchanged == first.written
    source.write_text(source.read_text().replace('"Touchpoint"@en', '"Touch-point"@en'))
    changed = build_site(cxkg.load(source), out)
    assert 0 < changed.written < first.written / 2
    assert "Touch-point" in (out / "c" / "touchpoint.html").read_text()


def test_a_concept_that_disappears_loses_its_files(tmp_path: Path) -> None:
    source = tmp_path / "mini.ttl"
    source.write_text((DATA / "mini.ttl").read_text())
    out = tmp_path / "site"
    build_site(cxkg.load(source), out, base=None)
    assert (out / "c" / "chatbot.html").exists()
    source.write_text(source.read_text().replace("ex:chatbot a skos:Concept", "ex:chatbot a ex:Thing"))
    assert build_site(cxkg.load(source), out, base=None).removed >= 3
    assert not (out / "c" / "chatbot.html").exists()


def test_it_will_not_write_into_a_folder_it_did_not_make(tmp_path: Path, mini: cxkg.Glossary) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not written by cxkg site"):
        build_site(mini, tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_the_cli_writes_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["site", "-f", str(DATA / "mini.ttl"), "-o", str(out), "-q"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (out / "index.html").is_file() and broken_links(out) == []
