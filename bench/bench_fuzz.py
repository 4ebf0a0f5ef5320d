"""The long fuzz campaign: many more hypothesis examples per format than the suite runs, with random seeds:
mutated documents of all five syntaxes, and well-formed N-Triples / JSON-LD around arbitrary content (then
exported to every text format).

Run: ``python bench/run.py fuzz`` (``CXKG_FUZZ_EXAMPLES=N`` per format, default 1500). Prints, per format,
how many inputs loaded, how many were refused with a cxkg error, the slowest one, and every finding (an
exception that is not a cxkg error, or a hang past the bound) with the input that shows it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from fuzz_inputs import BOUND, SEEDS, generated, mutated, survives
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("CXKG_FUZZ_EXAMPLES", "1500"))


def campaign(suffix: str, strategy: st.SearchStrategy[bytes], label: str) -> None:
    outcomes: Counter[str] = Counter()
    slowest = (0.0, b"")
    findings: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(data=strategy)
    def check(data: bytes) -> None:
        nonlocal slowest
        start = time.process_time()
        try:
            outcomes[survives(data, suffix)] += 1
        except Exception as exc:
            outcomes["finding"] += 1
            findings.append(f"{type(exc).__name__}: {str(exc)[:200]} <- {data[:300]!r}")
            if len(findings) < 3:
                traceback.print_exc(limit=3)
        elapsed = time.process_time() - start
        if elapsed > slowest[0]:
            slowest = (elapsed, data)

    start = time.process_time()
    check()
    total = time.process_time() - start
    print(f"{label:9} {suffix:7} {sum(outcomes.values()):5} inputs  loaded {outcomes['ok']:5}  "
          f"refused {outcomes['refused']:5}  findings {outcomes['finding']}  CPU {total:6.1f} s  "
          f"slowest {slowest[0]:.2f} s (bound {BOUND} s, {len(slowest[1])} bytes)", flush=True)
    for finding in dict.fromkeys(findings):
        print(f"   FINDING {finding}")


if __name__ == "__main__":
    logging.getLogger("cxkg").setLevel(logging.ERROR)  # the "named graphs merged" notes, thousands of them
    for name in sorted(SEEDS):
        campaign(name, mutated(name), "mutated")
    for name in (".nt", ".jsonld"):
        campaign(name, generated(name), "generated")
