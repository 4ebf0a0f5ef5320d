"""The parse cache: N-Quads dumps that can't run code, keyed by content and version, trusted only when ours."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

import cxkg
from cxkg.cache import cache_key
from cxkg.cli import main

TRIPLE = "<http://e/a> <http://e/p> <http://e/b> .\n"


class Planted:
    """A pickle that leaves a file behind if anything ever unpickles it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CXKG_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "v.nt"
    path.write_text(TRIPLE)
    return path


def entry(source: Path, cache: Path) -> Path:
    return cache / (cache_key([source], None) + ".nq")


def test_entries_are_reused_and_invalidated_by_content(cache: Path, source: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(cxkg.load(source).graph) == 1
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and entry(source, cache).is_file()
    assert stat.S_IMODE(entry(source, cache).stat().st_mode) == 0o600
    with monkeypatch.context() as patched:
        patched.setattr("cxkg.loading.parse_into", None)  # served from the cache: nothing is parsed
        assert len(cxkg.load(source).graph) == 1
        assert len(cxkg.load(source, store="oxigraph").graph) == 1
    source.write_text(TRIPLE + "<http://e/a> <http://e/p> <http://e/c> .\n")
    assert len(cxkg.load(source).graph) == 2  # an edited file is parsed again
    monkeypatch.setenv("CXKG_CACHE_DIR", "")
    assert len(cxkg.load(source).graph) == 2  # caching can be switched off


def test_a_cached_graph_is_the_parsed_graph_with_its_prefixes(cache: Path) -> None:
    data = Path(__file__).parent / "data"
    for name in ("mini.ttl", "edge.ttl"):
        fresh = cxkg.load(data / name, cache=False)
        for store in ("memory", "oxigraph"):
            cached = cxkg.load(data / name, store=store)
            assert isomorphic(cached.graph, fresh.graph) or store == "oxigraph"  # Oxigraph keeps canonical forms
            assert dict(cached.graph.namespaces()) == dict(fresh.graph.namespaces())
        assert cxkg.load(data / name).export("nt").text == fresh.export("nt").text


def test_an_upgrade_of_cxkg_invalidates(cache: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cxkg.load(source)
    before = entry(source, cache)
    monkeypatch.setattr(cxkg, "__version__", "99.0", raising=False)
    assert entry(source, cache) != before
    cxkg.load(source)
    assert entry(source, cache).is_file()


def test_a_planted_pickle_is_never_run_and_garbage_is_rebuilt(cache: Path, source: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cache.mkdir(mode=0o700)
    foreign_graph = b"<http://e/x> <http://e/p> _:b <http://foreign/graph> .\n"
    for payload in (pickle.dumps(Planted(marker)), b"\x00garbage <not n-quads", foreign_graph):
        entry(source, cache).write_bytes(payload)
        glossary = cxkg.load(source)
        assert len(glossary.graph) == 1 and (URIRef("http://e/a"), None, None) in glossary.graph
        assert not marker.exists()
        assert entry(source, cache).read_bytes() != payload  # rebuilt
    (cache / "graph-0123.pickle").write_bytes(pickle.dumps(Planted(marker)))
    cxkg.load(source, cache=True)
    cxkg.load()
    assert not marker.exists()


def test_entries_others_can_write_are_never_trusted_nor_replaced(cache: Path, source: Path) -> None:
    cache.mkdir(mode=0o700)
    forged = "<http://e/forged> <http://e/p> <http://e/b> .\n"
    planted = entry(source, cache)
    planted.write_text(forged)
    planted.chmod(0o666)
    assert (URIRef("http://e/forged"), None, None) not in cxkg.load(source).graph
    assert planted.read_text() == forged
    planted.unlink()
    planted.symlink_to(source)  # a symlink is not followed either
    assert len(cxkg.load(source).graph) == 1 and planted.is_symlink()
    planted.unlink()
    cache.chmod(0o777)  # a folder others can write to is not used at all
    cxkg.load(source)
    assert not planted.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_entries_owned_by_another_user_are_refused_even_for_root(cache: Path, source: Path) -> None:
    import pwd

    nobody = pwd.getpwnam("nobody").pw_uid
    cache.mkdir(mode=0o700)
    planted = entry(source, cache)
    planted.write_text("<http://e/forged> <http://e/p> <http://e/b> .\n")
    planted.chmod(0o600)
    os.chown(planted, nobody, -1)
    assert (URIRef("http://e/forged"), None, None) not in cxkg.load(source).graph
    assert planted.stat().st_uid == nobody
    os.chown(cache, nobody, -1)
    planted.unlink()
    cxkg.load(source)
    assert not planted.exists()  # a foreign folder is not written to


def test_the_cli_caches_files_given_with_f(cache: Path, source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mini = Path(__file__).parent / "data" / "mini.ttl"
    assert main(["show", "nps", "-f", str(mini)]) == 0
    assert entry(mini, cache).is_file()
    assert main(["show", "nps", "-f", str(mini), "--store", "oxigraph"]) == 0
    out = capsys.readouterr().out
    assert out.count("Net Promoter Score") >= 2
