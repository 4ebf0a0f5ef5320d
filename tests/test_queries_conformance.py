"""The named queries answer the same in every SPARQL 1.1 engine.

Each query runs as the standalone text ``cxkg query NAME --show-sparql`` prints, with its header's
example parameters, on the bundled glossary: in rdflib (through cxkg, the reference), in pyoxigraph
in process, and where installed in the Oxigraph server, Jena ARQ and Virtuoso 7, each server started
on 127.0.0.1 at a free port and stopped after. Rows are compared as multisets, the "; "-joined
GROUP_CONCAT lists as sets (SPARQL leaves their order undefined).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import cxkg
from cxkg.sparql import QueryResult, catalog, named_text

NAMES = [query.name for query in catalog()]
Rows = list[tuple[str, ...]]

#: Virtuoso 7.2 optimiser faults on standard queries (each part of the query gives the right rows alone)
VIRTUOSO_FAULTS = {
    "by-source": "a VALUES-bound ?source joined into a nested group loses rows",
    "search": "drops label matches when FILTER EXISTS follows",
    "shared-terms": "a grouped subquery joined with the outer pattern loses rows",
}


def example_params(name: str) -> dict[str, str]:
    return {p.name: p.example for p in next(q for q in catalog() if q.name == name).parameters if p.example}


def normalised(rows: list[list[str]]) -> Rows:
    return sorted(tuple("; ".join(sorted(cell.split("; "))) for cell in row) for row in rows)


def result_rows(result: QueryResult) -> Rows:
    return normalised(result.to_table()[1:])


def json_rows(document: dict[str, Any]) -> Rows:
    names = document["head"]["vars"]
    return normalised([[binding.get(name, {}).get("value", "") for name in names]
                       for binding in document["results"]["bindings"]])


@pytest.fixture(scope="module")
def cases(bundled: cxkg.Glossary) -> dict[str, tuple[str, Rows]]:
    """name -> (the standalone text, the rows cxkg gives on rdflib)."""
    return {name: (named_text(bundled, name, example_params(name)),
                   result_rows(bundled.run(name, **example_params(name)))) for name in NAMES}


@pytest.fixture(scope="module")
def data(bundled: cxkg.Glossary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("conformance") / "cxkg.nt"
    path.write_bytes(bundled.graph.serialize(format="nt", encoding="utf-8"))
    return path


def test_every_query_has_answers_to_compare(cases):
    assert len(cases) == len(NAMES) >= 21
    assert sum(bool(rows) for _, rows in cases.values()) >= 20  # only orphans is empty on a healthy glossary


@pytest.mark.parametrize("name", NAMES)
def test_pyoxigraph_in_process_gives_the_same_rows(cases, data, name):
    import pyoxigraph

    store = _pyoxigraph_store(data)
    text, expected = cases[name]
    solutions = store.query(text)
    names = [variable.value for variable in solutions.variables]
    assert names == list(next(q for q in catalog() if q.name == name).returns)
    assert normalised([[term.value if term is not None else "" for term in solution] for solution in solutions]) \
        == expected, pyoxigraph.__version__


_STORES: dict[Path, Any] = {}


def _pyoxigraph_store(data: Path) -> Any:
    import pyoxigraph

    if data not in _STORES:
        _STORES[data] = pyoxigraph.Store()
        _STORES[data].load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return _STORES[data]


# -- servers and outside tools -------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], what: str, seconds: float = 90) -> None:
    """Poll ``ready`` until it holds; fail if the process ends or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not start within {seconds:g} s")
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"{what} exited with status {process.returncode}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def post_query(endpoint: str, text: str, **extra: str) -> dict[str, Any]:
    body = urllib.parse.urlencode({"query": text, **extra}).encode()
    request = urllib.request.Request(endpoint, body, {"Accept": "application/sparql-results+json",
                                                      "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return dict(json.load(response))


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def oxigraph_server(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        pytest.skip("the Oxigraph server (pip package oxigraph) is not installed")
    location = tmp_path_factory.mktemp("oxigraph-db")
    subprocess.run([binary, "load", "--location", location, "--file", data], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([binary, "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"), process, "the Oxigraph server")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(process)


@pytest.mark.engine
@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_server_gives_the_same_rows(cases, oxigraph_server, name):
    text, expected = cases[name]
    assert json_rows(post_query(oxigraph_server, text)) == expected


def jena_classpath(work: Path) -> str:
    """Debian's Jena jars and their dependencies, plus the Xerces message files that Debian's jena-core
    keeps under the unrelocated package name (without them Jena fails at start with 'internal error')."""
    jars = sorted(Path("/usr/share/java").glob("jena-*.jar"))
    base = [path for path in jars if not path.stem.rsplit("-", 1)[-1][:1].isdigit()]
    if not base:
        pytest.skip("Jena (Debian libapache-jena-java) is not installed")
    if shutil.which("java") is None:
        pytest.skip("java is not installed")
    needed = ["commons-lang3", "commons-io", "commons-codec", "commons-compress", "commons-csv", "caffeine", "gson",
              "jackson-core", "jackson-databind", "jackson-annotations", "thrift", "protobuf", "slf4j-api",
              "slf4j-nop", "jsonld-java", "httpclient", "httpcore", "dexx.collection", "commons-cli", "commons-text",
              "guava"]
    extra = [Path("/usr/share/java", f"{name}.jar") for name in needed]
    import zipfile

    with zipfile.ZipFile("/usr/share/java/jena-core.jar") as jar:
        for member in jar.namelist():
            if member.startswith("org/apache/jena/ext/xerces/") and member.endswith(".properties"):
                target = work / "xerces-messages" / member.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(member))
    return ":".join(str(path) for path in [*base, *(path for path in extra if path.exists()),
                                           work / "xerces-messages"])


JENA_RUNNER = """
import java.nio.file.*;
import org.apache.jena.query.*;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Model model = RDFDataMgr.loadModel(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path path = Path.of(args[i]);
            try (QueryExecution execution = QueryExecutionFactory.create(QueryFactory.create(Files.readString(path)),
                                                                         model)) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                ResultSetFormatter.outputAsJSON(out, execution.execSelect());
                Files.write(Path.of(args[i] + ".json"), out.toByteArray());
            } catch (Exception error) {
                Files.writeString(Path.of(args[i] + ".error"), error.toString());
            }
        }
    }
}
"""


@pytest.fixture(scope="module")
def jena_answers(cases, data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every query run by Jena ARQ in one JVM: name -> its JSON results file (or .error file)."""
    work = tmp_path_factory.mktemp("jena")
    classpath = jena_classpath(work)
    (work / "RunQueries.java").write_text(JENA_RUNNER, encoding="utf-8")
    files = []
    for name, (text, _) in cases.items():
        files.append(work / f"{name}.rq")
        files[-1].write_text(text, encoding="utf-8")
    subprocess.run(["java", "-cp", classpath, work / "RunQueries.java", data, *files], check=True,
                   capture_output=True, timeout=600)
    return {path.stem: path.with_suffix(".rq.json") for path in files}


@pytest.mark.engine
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_jena_arq_gives_the_same_rows(cases, jena_answers, name):
    answer = jena_answers[name]
    error = answer.with_suffix(".error")
    assert not error.exists(), error.read_text(encoding="utf-8") if error.exists() else ""
    assert json_rows(json.loads(answer.read_text(encoding="utf-8"))) == cases[name][1]


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(bundled: cxkg.Glossary, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso 7 with the glossary in graph urn:cxkg; its SPARQL endpoint URL."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso 7 (Debian virtuoso-opensource-7-bin: virtuoso-t, isql-vt) is not installed")
    work = tmp_path_factory.mktemp("virtuoso")
    (work / "cxkg.ttl").write_bytes(bundled.graph.serialize(format="turtle", encoding="utf-8"))
    sql, http = free_port(), free_port()
    (work / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=work, sql=sql, http=http), encoding="utf-8")
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", work / "virtuoso.ini"], cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{http}/sparql"
    try:
        wait_until(lambda: answers(endpoint + "?query=ASK%7B%7D"), process, "Virtuoso", seconds=120)
        load = f"DB.DBA.TTLP_MT(file_to_string_output('{work / 'cxkg.ttl'}'), '', 'urn:cxkg'); checkpoint;"
        subprocess.run(["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", f"exec={load}"], check=True,
                       capture_output=True, timeout=120)
        yield endpoint
    finally:
        stop(process)


@pytest.mark.engine
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_virtuoso_gives_the_same_rows(cases, virtuoso, name):
    if name in VIRTUOSO_FAULTS:
        pytest.xfail(f"Virtuoso 7 fault: {VIRTUOSO_FAULTS[name]}")
    text, expected = cases[name]
    assert json_rows(post_query(virtuoso, text, **{"default-graph-uri": "urn:cxkg"})) == expected
