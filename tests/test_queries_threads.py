"""Thread safety: named queries, search, validation and exports give, from 16 threads at once, exactly
what they give one after another (the HTTP server calls them from many threads)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import cxkg

DATA = Path(__file__).parent / "data"
THREADS, CALLS = 16, 200


def mixed_calls(glossary: cxkg.Glossary, folder: Path) -> list[Callable[[], Any]]:
    """Calls that return comparable values; each writes its own files."""
    def export_file(index: int) -> str:
        target = folder / f"export-{index}.ttl"
        glossary.export("ntriples", target)
        return "\n".join(sorted(target.read_text(encoding="utf-8").splitlines()))

    def named(name: str, **params: Any) -> Callable[[], Any]:
        return lambda: glossary.run(name, **params).rows

    return [
        named("ancestors", concept="churn"), named("siblings", concept="Live chat"),
        named("descendants", concept="Channels"), named("related", concept="Churn rate"),
        named("concept", concept="NPS", lang="de"), named("labels", concept="NPS"),
        lambda: glossary.query("SELECT ?c WHERE { ?c skos:broader ?p } ORDER BY ?c", p=glossary.concept("metrics"),
                               timeout=600).rows,  # a limit sends it to a worker process; generous for loaded CI
        lambda: [(hit.iri, hit.score) for hit in glossary.search("promoter")],
        lambda: [(hit.iri, hit.score) for hit in glossary.search("chanels")],
        lambda: glossary.validate().results,
        lambda: glossary.export("turtle").text,
        lambda: export_file(threading_id()),
    ]


def threading_id() -> int:
    import threading

    return threading.get_ident()


@pytest.mark.slow
def test_many_threads_give_the_sequential_answers(tmp_path):
    glossary = cxkg.load(DATA / "mini.ttl", DATA / "mini-extras.ttl")
    calls = mixed_calls(glossary, tmp_path)
    expected = [call() for call in calls]

    def worker(thread: int) -> list[int]:
        wrong = []
        for step in range(CALLS):
            index = (thread * 5 + step) % len(calls)
            if calls[index]() != expected[index]:
                wrong.append(index)
        return wrong

    with ThreadPoolExecutor(THREADS) as pool:
        wrong = [index for found in pool.map(worker, range(THREADS)) for index in found]
    assert wrong == [], f"{len(wrong)} of {THREADS * CALLS} calls differed from the sequential run"


COLD_START = """
import sys
from concurrent.futures import ThreadPoolExecutor
import cxkg
glossary = cxkg.load(sys.argv[1])
texts = [f"SELECT ?c ?l WHERE {{ ?c skos:prefLabel ?l FILTER(STRLEN(?l) > {n}) }} ORDER BY ?c ?l" for n in range(48)]
def run(text):
    try:
        return len(glossary.query(text, timeout=600).rows)
    except Exception as exc:
        return repr(exc)
with ThreadPoolExecutor(16) as pool:
    answers = list(pool.map(run, texts))
print(answers == [run(text) for text in texts], [a for a in answers if isinstance(a, str)][:3])
"""


def test_threads_that_parse_their_first_queries_at_once_all_get_answers() -> None:
    """rdflib's parser breaks when threads run it for the first time together (a fresh process, no
    warm-up); each query then also runs in a worker process, which must never inherit a held lock."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", COLD_START, str(DATA / "mini.ttl")], capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "True []", done.stdout + done.stderr
