"""Load on ``cxkg serve`` with STW (6,244 concepts): concurrent clients mixing concept pages, search and
named queries, on loopback only, bounded in time and in requests.

    python bench/bench_serve.py            # or: python bench/run.py serve
    BENCH_CLIENTS=50 BENCH_SECONDS=30 BENCH_THINK=0 BENCH_SITE=0 BENCH_STORE=oxigraph python bench/bench_serve.py

First (unless ``BENCH_SITE=0``) it times ``cxkg site`` on STW against a plain rdflib parse of the file.

The server runs as ``cxkg serve`` in its own process on a free 127.0.0.1 port and is stopped by its
PID afterwards. Each client loops: pick a request (50 % concept page, 30 % search API, 20 % named
query on a random concept), send it, wait ``BENCH_THINK`` seconds (0: as fast as possible). The
report gives errors, requests/s, and p50/p95 per kind; the baseline is a static file fetched in the
same run, so ratios compare across machines. Goals on a 2-core machine: concept HTML p95 <= 50 ms,
search API p95 <= 30 ms, named query p95 <= 100 ms, 0 errors.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
STW = Path(os.environ.get("CXKG_SHARED", ROOT.parent / "shared")) / "vocabularies" / "stw" / "stw-skos.ttl"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
THINK = float(os.environ.get("BENCH_THINK", "0"))
STORE = os.environ.get("BENCH_STORE", "oxigraph")  # the store README recommends for serving a big vocabulary
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "200000"))
QUERIES = ("concept", "labels", "broader", "narrower", "ancestors", "related")
WORDS = ("econom", "trade", "bank", "labour market", "inflation", "tax", "monetary polcy", "energy", "educaton",
         "price", "firm", "health", "growth", "migration", "insurance")
GOALS = {"concept html": 50.0, "search api": 30.0, "named query": 100.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "cxkg", "serve", "-f", str(STW), "--store", STORE, "--host", "127.0.0.1",
               "--port", str(port)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def wait_ready(url: str, server: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError("the server exited: " + (server.stderr.read() if server.stderr else b"").decode())
            try:
                if (await client.get(url + "/static/style.css")).status_code == 200:
                    return
            except httpx.TransportError:
                await asyncio.sleep(0.25)
    raise RuntimeError("the server did not start in time")


async def load(url: str, iris: list[str]) -> tuple[dict[str, list[float]], int, int, float]:
    timings: dict[str, list[float]] = {"concept html": [], "search api": [], "named query": [], "static": []}
    errors = sent = 0
    failures: list[str] = []
    deadline = time.monotonic() + SECONDS
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)

    async def client_loop(client: httpx.AsyncClient, seed: int) -> None:
        nonlocal errors, sent
        chance = random.Random(seed)
        while time.monotonic() < deadline and sent < MAX_REQUESTS:
            roll = chance.random()
            iri = chance.choice(iris)
            if roll < 0.05:
                kind, path = "static", "/static/style.css"
            elif roll < 0.55:
                kind, path = "concept html", "/concept?uri=" + quote(iri, safe="") + "&format=html"
            elif roll < 0.85:
                kind, path = "search api", "/api/search?q=" + quote(chance.choice(WORDS)) + "&limit=10"
            else:
                kind = "named query"
                path = f"/api/queries/{chance.choice(QUERIES)}?concept=" + quote(iri, safe="") + "&format=json"
            sent += 1
            start = time.perf_counter()
            try:
                response = await client.get(url + path)
                if response.status_code != 200:
                    errors += 1
                    failures.append(f"{response.status_code} {path}")
            except httpx.HTTPError as exc:
                errors += 1
                failures.append(f"{type(exc).__name__} {path}")
            timings[kind].append((time.perf_counter() - start) * 1000)
            if THINK:
                await asyncio.sleep(chance.uniform(0.5, 1.5) * THINK)

    started = time.monotonic()
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await asyncio.gather(*(client_loop(client, seed) for seed in range(CLIENTS)))
    for failure in failures[:5]:
        print("error:", failure)
    return timings, errors, sent, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def site_ratio() -> None:
    """CPU time of ``cxkg site`` on STW (load + build, then an unchanged rebuild) over a plain rdflib parse."""
    import tempfile

    from rdflib import Graph

    import cxkg
    from cxkg.serve import build_site

    start = time.process_time()
    Graph().parse(STW)
    parse = time.process_time() - start
    with tempfile.TemporaryDirectory() as folder:
        start = time.process_time()
        built = build_site(cxkg.load(STW), folder)
        build = time.process_time() - start
        start = time.process_time()
        rebuilt = build_site(cxkg.load(STW), folder)
        rebuild = time.process_time() - start
    print(f"cxkg site on STW: plain rdflib parse {parse:.1f} s CPU; build {build:.1f} s = {build / parse:.1f}x "
          f"({built.written} files); unchanged rebuild {rebuild:.1f} s = {rebuild / parse:.1f}x "
          f"({rebuilt.written} written); goal build <= 10x")


def main() -> None:
    if not STW.exists():
        print(f"skipped: needs {STW}")
        return
    import cxkg

    if os.environ.get("BENCH_SITE", "1") != "0":
        site_ratio()

    iris = [str(i) for i in cxkg.load(STW).iris]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        asyncio.run(wait_ready(url, server))
        timings, errors, sent, elapsed = asyncio.run(load(url, iris))
    finally:
        server.terminate()
        server.wait(30)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"STW via cxkg serve: {CLIENTS} clients, {elapsed:.0f} s, think time {THINK:g} s; "
          f"{sent} requests, {errors} errors, {sent / elapsed:.0f} requests/s")
    base = statistics.median(timings["static"]) if timings["static"] else float("nan")
    print(f"{'kind':14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p50/static':>11} {'goal p95':>9}")
    for kind, values in timings.items():
        p50, p95 = percentile(values, 0.50), percentile(values, 0.95)
        goal = GOALS.get(kind)
        verdict = "" if goal is None else f"{goal:>6.0f} {'ok' if p95 <= goal else 'MISSED'}"
        print(f"{kind:14} {len(values):>6} {p50:>8.1f} {p95:>8.1f} {p50 / base:>11.1f} {verdict}")


if __name__ == "__main__":
    main()
