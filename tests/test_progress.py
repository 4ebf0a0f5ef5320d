"""Progress on stderr for long work: shown on a terminal, never in pipes or JSON, never on stdout."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest
from conftest import DATA
from rdflib.namespace import DCTERMS

from cxkg.loading import load_graph
from cxkg.validation import validate
from cxkg.validation.profiles import load_profile

MINI = str(DATA / "mini.ttl")


def test_validation_reports_each_rule_as_it_starts() -> None:
    heard: list[tuple[int, int, str]] = []
    validate(load_graph([DATA / "mini.ttl"]), "cx", progress=lambda done, total, rule: heard.append((done, total,
                                                                                                    rule)))
    assert [done for done, _, _ in heard] == list(range(1, 36)) and {total for _, total, _ in heard} == {35}
    assert {rule for _, _, rule in heard} == {str(o) for o in load_profile("cx").shapes.objects(None,
                                                                                               DCTERMS.identifier)}


def _run(args: list[str], stderr_tty: bool) -> tuple[bytes, bytes]:
    """Run cxkg with stdout piped and stderr on a pseudo-terminal (or a pipe)."""
    command = [sys.executable, "-m", "cxkg", *args]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    if not stderr_tty:
        done = subprocess.run(command, capture_output=True, env=env, timeout=120)
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = process.stdout.read() if process.stdout else b""
    process.wait(timeout=60)
    os.close(leader)
    return out, seen


@pytest.mark.slow
@pytest.mark.parametrize("args", [["validate", MINI, "--profile", "cx"], ["export", "-F", "csv", "-f", MINI]])
def test_progress_shows_on_a_terminal_and_leaves_stdout_alone(args: list[str]) -> None:
    piped_out, piped_err = _run(args, stderr_tty=False)
    tty_out, tty_err = _run(args, stderr_tty=True)
    assert tty_out == piped_out and piped_out
    assert b"reading" in tty_err and b"Traceback" not in tty_err
    assert b"reading" not in piped_err  # nothing of the progress display in a pipe
