"""Measuring whole processes: CPU seconds (user + system) and peak memory of a child, and paired ratios."""

from __future__ import annotations

import os
import statistics
import subprocess
from collections.abc import Callable, Sequence


def child(command: Sequence[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Run ``command``; its CPU seconds and peak resident memory in MB (it must exit with a code in ``ok``).

    The child may write bytecode even where ``PYTHONDONTWRITEBYTECODE`` is set, so that cxkg, like the
    libraries it is compared with (pip compiled theirs when it installed them), is not compiled anew each run.
    """
    env = {key: value for key, value in (os.environ if env is None else env).items()
           if key != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(list(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {stderr[-500:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def paired(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[float, float, float]:
    """Median of a, median of b, and the median of the paired ratios a/b, runs interleaved (order rotated)."""
    pairs = []
    for index in range(runs):
        if index % 2:
            second = b()
            first = a()
        else:
            first = a()
            second = b()
        pairs.append((first, second))
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
            statistics.median(p[0] / p[1] for p in pairs))


def report(name: str, a: float, b: float, ratio: float, goal: float | None = None, unit: str = "s") -> None:
    """One line: the two figures, their ratio, and the goal when there is one."""
    verdict = "" if goal is None else f"  (goal <= {goal:.2f}: {'met' if ratio <= goal else 'MISSED'})"
    print(f"{name:58} {a:8.3f} {unit} vs {b:8.3f} {unit}   ratio {ratio:5.2f}{verdict}", flush=True)
