"""`make report`'s console: one progress line per job, errors with their log, the full log kept.

Runs Snakemake with the project's logger plugin (``--logger gendisc``, as the Makefile does) on a
tiny workflow of its own: four jobs that succeed and one that fails with a log.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from snakemake_logger_plugin_gendisc import progress_line

from conftest import run_snakemake

pytestmark = pytest.mark.slow

SNAKEFILE = """
rule all:
    input: expand("out{i}.txt", i=range(4)), "bad.txt"

rule ok:
    output: "out{i}.txt"
    log: "logs/ok{i}.log"
    shell: "echo fine > {log}; echo hi > {output}"

rule bad:
    input: "out0.txt"
    output: "bad.txt"
    log: "logs/bad.log"
    shell: "echo 'planted failure: the model did not converge' > {log}; exit 3"
"""


def test_progress_line() -> None:
    running = Counter({"simulate": 2, "uci_splits": 1, "done_rule": 0})
    line = progress_line(12, 132, 201.4, "simulate", running)
    assert line == "[ 12/132   9% | 0:03:21] simulate done; running: simulate x2, uci_splits"
    assert progress_line(3, 3, 0.0, "", Counter()) == "[3/3 100% | 0:00:00]"


def test_console_shows_progress_and_errors_and_keeps_the_full_log(tmp_path: Path) -> None:
    (tmp_path / "Snakefile").write_text(SNAKEFILE)
    proc = run_snakemake(
        tmp_path,
        "--cores",
        "1",
        "--keep-going",
        "--logger",
        "gendisc",
        "--show-failed-logs",
        check=False,
    )
    console = proc.stdout + proc.stderr
    assert proc.returncode != 0
    lines = re.findall(r"^\[\s*(\d+)/6\s+\d+% \| \d+:\d\d:\d\d\] (\w+) done", console, re.M)
    assert [int(n) for n, _ in lines] == [1, 2, 3, 4] and {r for _, r in lines} == {"ok"}
    # the error, its rule and its log's text are on the console
    assert "Error in rule bad" in console and "planted failure" in console
    # no per-job blocks on the console ...
    assert "rule ok:" not in console and "wildcards:" not in console
    assert console.count("\n") < 60
    # ... but Snakemake's own log file has every job's block, and each job's log is kept
    (log,) = (tmp_path / ".snakemake" / "log").glob("*.snakemake.log")
    full = log.read_text()
    assert full.count("rule ok:") == 4 and "Error in rule bad" in full
    assert (tmp_path / "logs" / "ok0.log").read_text() == "fine\n"
