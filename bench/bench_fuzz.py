"""The long fuzz campaign: many more hypothesis mutations per format than the suite runs, with random seeds.

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
from fuzz_inputs import BOUND, SEEDS, mutated, survives
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("CXKG_FUZZ_EXAMPLES", "1500"))


def campaign(suffix: str) -> None:
    outcomes: Counter[str] = Counter()
    slowest = (0.0, b"")
    findings: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(data=mutated(suffix))
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
    print(f"{suffix:8} {sum(outcomes.values()):5} inputs  loaded {outcomes['ok']:5}  refused {outcomes['refused']:5}"
          f"  findings {outcomes['finding']}  CPU {total:6.1f} s  slowest {slowest[0]:.2f} s "
          f"(bound {BOUND} s, {len(slowest[1])} bytes)", flush=True)
    for finding in dict.fromkeys(findings):
        print(f"   FINDING {finding}")


if __name__ == "__main__":
    logging.getLogger("cxkg").setLevel(logging.ERROR)  # the "named graphs merged" notes, thousands of them
    for name in sorted(SEEDS):
        campaign(name)
