"""Limits that hold on every query path: time and memory end a runaway query with a clear message.

A limited query runs in a worker process that is stopped at its deadline or runs out of its memory,
so even work rdflib cannot interrupt (a regular expression that backtracks, a sort of a cross product,
a string that doubles with each BIND) ends at the limit.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from cxkg.cli import main
from cxkg.errors import QueryError
from cxkg.sparql import MEMORY_LIMIT, ROW_LIMIT, TIME_LIMIT, Limits, limits
from cxkg.stores import oxigraph_of

MINI = Path(__file__).parent / "data" / "mini.ttl"

BACKTRACKING = 'SELECT ?x WHERE { BIND(REGEX("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$") AS ?x) }'
NUMBERS = " ".join(map(str, range(200)))
CROSS = ("SELECT * WHERE { " + " ".join(f"VALUES ?{name} {{{NUMBERS}}}" for name in "abc")
         + " } ORDER BY DESC(?a) ?b")
DOUBLING = ('SELECT (STRLEN(?s30) AS ?n) WHERE { BIND("0123456789abcdef" AS ?s0) '
            + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30)) + " }")


def ended_within(seconds: float, call) -> str:
    start = time.monotonic()
    with pytest.raises(QueryError) as caught:
        call()
    assert time.monotonic() - start < seconds
    assert "\n" not in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("query", [BACKTRACKING, CROSS], ids=["regex", "cross-product"])
def test_time_limit_ends_work_rdflib_cannot_interrupt(mini, query):
    if query == BACKTRACKING and oxigraph_of(mini.graph) is not None:  # Oxigraph's regex engine is linear-time:
        start = time.monotonic()  # nothing to cut, the answer comes at once
        mini.query(query, timeout=1)
        assert time.monotonic() - start < 15
        return
    message = ended_within(15, lambda: mini.query(query, timeout=1))
    # Oxigraph materialises the 8M-row cross product so fast that its memory limit may end it first
    assert "time limit of 1 s" in message or "memory limit" in message


def test_memory_limit_ends_a_doubling_string(mini):
    message = ended_within(60, lambda: mini.query(DOUBLING, timeout=60, memory=200))
    assert "memory limit of 200 MB" in message


def test_limits_hold_for_named_queries_when_asked(mini):
    from cxkg.sparql import run_named

    assert run_named(mini, "stats", timeout=30, memory=500).rows  # a curated query runs in a worker too
    cut = run_named(mini, "leaves", limit=2, timeout=30)
    assert len(cut.rows) == 2 and cut.truncated


@pytest.mark.parametrize(("cap", "bad"), [(cap, bad) for cap in ("limit", "timeout", "memory")
                                          for bad in (-1, -0.5, math.nan, math.inf, "5", True, 1.5)
                                          if (cap, bad) != ("timeout", 1.5)])  # a fractional timeout is fine
def test_caps_cannot_be_lifted_by_odd_values(mini, cap, bad):
    with pytest.raises(QueryError, match=f"{cap} must be"):
        mini.query("ASK {}", **{cap: bad})


def test_defaults_and_zero():
    assert limits() == Limits(ROW_LIMIT, TIME_LIMIT, MEMORY_LIMIT)
    assert limits(curated=True) == Limits(0, 0, 0)  # bundled named queries: documented as unlimited
    assert limits(0, 0, 0) == Limits(0, 0, 0)
    assert limits(5, 2.5, 100) == Limits(5, 2.5, 100)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exits_2_at_the_time_limit_for_e_and_files(capsys, tmp_path):
    code, out, err = run(capsys, "query", "-f", str(MINI), "-e", BACKTRACKING, "--timeout", "1")
    assert code == 2 and out == "" and "time limit of 1 s" in err and "Traceback" not in err
    path = tmp_path / "slow.rq"
    path.write_text(BACKTRACKING, encoding="utf-8")
    code, out, err = run(capsys, "query", "-f", str(MINI), str(path), "--timeout", "1")
    assert code == 2 and "time limit of 1 s" in err and "Traceback" not in err
    code, _, err = run(capsys, "query", "-f", str(MINI), "-e", "ASK {}", "--timeout", "nan")
    assert code == 2 and "timeout must be" in err


def test_query_files_get_the_default_limits_of_e(capsys, tmp_path):
    path = tmp_path / "many.rq"
    first, second = " ".join(map(str, range(101))), " ".join(map(str, range(100)))
    path.write_text(f"SELECT ?a ?b WHERE {{ VALUES ?a {{{first}}} VALUES ?b {{{second}}} }}", encoding="utf-8")
    code, out, err = run(capsys, "query", "-f", str(MINI), str(path), "--format", "csv")
    assert code == 0 and len(out.splitlines()) == ROW_LIMIT + 1 and f"first {ROW_LIMIT} rows" in err
