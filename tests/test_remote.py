"""Remote endpoints: queries over the SPARQL 1.1 Protocol, publish and validate over the Graph Store Protocol.

Against the real Oxigraph server (started on 127.0.0.1 at a free port, stopped after) and, for
credentials and misbehaving servers, a small stdlib HTTP server in a thread.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import cxkg
from cxkg.cli import main
from cxkg.errors import EndpointError
from cxkg.sparql import adhoc_text
from cxkg.sparql.remote import Endpoint, credentials

DATA = Path(__file__).parent / "data"
MINI = str(DATA / "mini.ttl")
G = "https://example.org/graphs/mini"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    """Poll until the port accepts connections (bounded), or fail if the server died."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)  # bounded polling for the port, not a fixed wait
    pytest.fail("the server did not start within 30 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Oxigraph server on a fresh store; yields its base URL."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.skip("needs the oxigraph server command (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def published(server: str) -> str:
    """The server with mini in the default graph and in the named graph G."""
    assert main(["publish", "--endpoint", f"{server}/store", "-f", MINI]) == 0
    assert main(["publish", "--endpoint", f"{server}/store", "--graph", G, "-f", MINI]) == 0
    return server


@pytest.mark.engine
def test_publish_replaces_a_named_graph_idempotently(published: str, capsys: pytest.CaptureFixture[str]) -> None:
    local = cxkg.load(MINI).graph
    remote = Endpoint(f"{published}/store")
    assert isomorphic(remote.get_graph(G), local)
    code, out, _ = run(capsys, "publish", "--endpoint", f"{published}/store", "--graph", G, "-f", MINI)
    assert code == 0 and f"{len(local)} triples" in out
    assert isomorphic(remote.get_graph(G), local)  # twice: the same graph, blank nodes not doubled
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
    assert Endpoint(f"{published}/query").query(count).rows[0][0].toPython() == len(local)


@pytest.mark.engine
def test_a_failed_upload_leaves_the_old_graph(published: str, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = Endpoint(f"{published}/store").get_graph(G)
    real_put = Endpoint.put_graph
    monkeypatch.setattr(Endpoint, "put_graph", lambda self, data, name: real_put(self, data[: len(data) // 2], name))
    code, _, err = run(capsys, "publish", "--endpoint", f"{published}/store", "--graph", G, "-f", MINI)
    assert code == 2 and "HTTP 400" in err and err.count("\n") == 1
    assert isomorphic(Endpoint(f"{published}/store").get_graph(G), before)


@pytest.mark.engine
@pytest.mark.parametrize("fmt", ["csv", "json", "tsv"])
def test_named_queries_over_the_endpoint_answer_as_locally(published: str, capsys: pytest.CaptureFixture[str],
                                                          fmt: str) -> None:
    nps = "concept=http://example.org/mini/nps"
    for args in (["labels", "-p", "concept=NPS"], ["definition", "-p", nps], ["top-concepts"]):
        local = run(capsys, "query", *args, "--format", fmt, "-f", MINI)
        remote = run(capsys, "query", *args, "--format", fmt, "--endpoint", f"{published}/query")
        assert remote == local and local[0] == 0 and local[1].strip()


@pytest.mark.engine
def test_ad_hoc_queries_exit_codes_and_errors(published: str, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f"{published}/query"
    code, out, _ = run(capsys, "query", "-e", "ASK { ?c skos:prefLabel ?label }", "-p", "label=Nothing",
                       "--endpoint", endpoint)
    assert code == 1 and out.strip() == "false"
    code, out, _ = run(capsys, "query", "-e", "ASK { ?c skos:prefLabel ?l }", "--endpoint", endpoint)
    assert code == 0 and out.strip() == "true"
    code, out, err = run(capsys, "query", "-e", "SELECT ?c WHERE { ?c a skos:Concept }", "--limit", "3",
                         "--format", "csv", "--endpoint", endpoint)
    assert code == 0 and len(out.splitlines()) == 4 and "--limit 0 shows all" in err
    code, out, _ = run(capsys, "query", "-e", "CONSTRUCT { ?c a skos:Concept } WHERE { ?c a skos:Concept }",
                       "--endpoint", endpoint)
    assert code == 0 and len(Graph().parse(data=out, format="turtle")) == len(cxkg.load(MINI).iris) + 1
    code, _, err = run(capsys, "query", "-e", "SELECT WHERE {", "--endpoint", endpoint)
    assert code == 2 and err.startswith("cxkg: ") and "HTTP 400" in err and "Traceback" not in err
    code, _, err = run(capsys, "query", "labels", "-p", "concept=No such thing", "--endpoint", endpoint)
    assert code == 1 and "no concept matches" in err


@pytest.mark.engine
def test_get_and_post_and_sparqlwrapper_agree(published: str) -> None:
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    text = adhoc_text(cxkg.load(MINI), "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l } ORDER BY ?c ?l")
    endpoint = Endpoint(f"{published}/query")
    by_get, by_post = endpoint.query(text, post=False), endpoint.query(text, post=True)
    assert by_get.rows == by_post.rows and len(by_get.rows) >= 14
    wrapper = sparqlwrapper.SPARQLWrapper(f"{published}/query")
    wrapper.setQuery(text)
    wrapper.setReturnFormat(sparqlwrapper.JSON)
    bindings = wrapper.query().convert()["results"]["bindings"]
    assert [(b["c"]["value"], b["l"]["value"]) for b in bindings] == [(str(c), str(label)) for c, label in by_get.rows]


@pytest.mark.engine
def test_validate_pulls_the_graph(published: str, capsys: pytest.CaptureFixture[str]) -> None:
    local = run(capsys, "validate", MINI, "--format", "json")
    remote = run(capsys, "validate", "--endpoint", f"{published}/store", "--graph", G, "--format", "json")
    assert remote[0] == local[0] and json.loads(remote[1])["conforms"] == json.loads(local[1])["conforms"]
    code, _, err = run(capsys, "validate", "--endpoint", f"{published}/store", "--graph", "https://example.org/none")
    assert code == 1 and "no graph https://example.org/none" in err
    code, _, err = run(capsys, "validate", "--graph", G)
    assert code == 2 and "--graph needs --endpoint" in err


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with one canned response and remembers the request headers."""

    seen: ClassVar[list[dict[str, str]]] = []
    status, reply_headers = 200, {"Content-Type": "application/sparql-results+json"}
    body = b'{"head": {}, "boolean": true}'

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers))
        self.send_response(self.status)
        for name, value in self.reply_headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(self.body)

    do_POST = do_PUT = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/sparql", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_credentials_come_from_the_environment_or_netrc_never_the_url(
        recorder: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url, handler = recorder
    monkeypatch.delenv("CXKG_ENDPOINT_TOKEN", raising=False)
    monkeypatch.delenv("CXKG_ENDPOINT_USER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Endpoint(url).query("ASK {}").ask is True and "Authorization" not in handler.seen[-1]
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login alice password s3cret\n")
    netrc.chmod(0o600)
    Endpoint(url).query("ASK {}")
    assert handler.seen[-1]["Authorization"] == "Basic YWxpY2U6czNjcmV0"  # alice:s3cret
    monkeypatch.setenv("CXKG_ENDPOINT_USER", "bob")
    monkeypatch.setenv("CXKG_ENDPOINT_PASSWORD", "pw")
    assert credentials("127.0.0.1") == "Basic Ym9iOnB3"
    monkeypatch.setenv("CXKG_ENDPOINT_TOKEN", "t0k")
    Endpoint(url).query("ASK {}")
    assert handler.seen[-1]["Authorization"] == "Bearer t0k"
    with pytest.raises(EndpointError, match="not in the URL"):
        Endpoint(url.replace("http://", "http://bob:pw@"))


def test_refusing_redirecting_and_unreadable_servers_exit_2(recorder: tuple[str, type[_Recorder]],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    url, handler = recorder
    handler.status, handler.reply_headers, handler.body = 401, {"Content-Type": "text/plain"}, b"no"
    code, _, err = run(capsys, "query", "-e", "ASK {}", "--endpoint", url)
    assert code == 2 and "refused (HTTP 401)" in err and err.count("\n") == 1
    handler.status, handler.reply_headers = 302, {"Location": "http://elsewhere.invalid/"}
    code, _, err = run(capsys, "query", "-e", "ASK {}", "--endpoint", url)
    assert code == 2 and "redirects to http://elsewhere.invalid/" in err
    handler.status, handler.reply_headers, handler.body = 200, {"Content-Type": "text/html"}, b"<html>"
    code, _, err = run(capsys, "query", "-e", "ASK {}", "--endpoint", url)
    assert code == 2 and "not SPARQL results" in err


def test_unreachable_and_silent_servers_exit_2_within_the_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}/q")
    assert code == 2 and "cannot reach the endpoint" in err and err.count("\n") == 1
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        code, _, err = run(capsys, "query", "-e", "ASK {}", "--timeout", "0.5", "--endpoint", f"http://127.0.0.1:{port}/")
        assert code == 2 and "no answer within 0.5 s" in err and time.monotonic() - started < 10
    code, _, err = run(capsys, "query", "-e", "ASK {}", "--endpoint", "ftp://example.org/")
    assert code == 2 and "not an http(s) URL" in err
