"""A Snakemake logger plugin for people: one progress line per finished job, errors in full.

``snakemake --logger gendisc`` (what ``make report`` runs) replaces the console's per-job blocks
by one line per finished job::

    [ 12/132   9% | 0:03:21] simulate done; running: simulate x2, uci_splits

Errors are printed as Snakemake prints them (with the failed jobs' logs under
``--show-failed-logs``), and so are warnings and Snakemake's own messages. Only the console
changes: Snakemake's log file in ``.snakemake/log/`` keeps every job's block, and each job's
own log stays in ``logs/``.

Snakemake finds the plugin by its module name (``snakemake_logger_plugin_<name>``).
"""

from __future__ import annotations

import datetime
import logging
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass

from snakemake_interface_logger_plugins.base import LogHandlerBase
from snakemake_interface_logger_plugins.common import LogEvent
from snakemake_interface_logger_plugins.settings import LogHandlerSettingsBase

#: events shown as they are (through Snakemake's own formatter)
PASSED = {LogEvent.JOB_ERROR, LogEvent.GROUP_ERROR, LogEvent.ERROR, LogEvent.RUN_INFO}
#: events folded into the progress line or left to the log file
SILENT = {
    LogEvent.JOB_INFO,
    LogEvent.JOB_STARTED,
    LogEvent.JOB_FINISHED,
    LogEvent.SHELLCMD,
    LogEvent.GROUP_INFO,
    LogEvent.RESOURCES_INFO,
    LogEvent.DEBUG_DAG,
    LogEvent.RULEGRAPH,
}

#: Snakemake's routine messages, repeated every scheduling round: not shown on the console
ROUTINE = re.compile(
    r"^(Select jobs to execute|Execute \d+ jobs|Using shell|Provided cores|Rules claiming more"
    r"|Assuming unrestricted shared filesystem|Building DAG of jobs|Job stats:)"
)


def progress_line(done: int, total: int, elapsed: float, finished: str, running: Counter) -> str:
    """``[ done/total  pct | h:mm:ss] RULE done; running: RULE xN, ...``.

    Parameters
    ----------
    done, total : int
        Jobs finished and jobs in the run.
    elapsed : float
        Seconds since the run started.
    finished : str
        The rule of the job that just finished ("" when unknown).
    running : collections.Counter
        Rule -> number of its jobs still running.
    """
    width = len(str(total))
    pct = 100 * done // total if total else 100
    clock = str(datetime.timedelta(seconds=round(elapsed)))
    now = ", ".join(f"{r} x{n}" if n > 1 else r for r, n in sorted(running.items()) if n > 0)
    text = f"[{done:>{width}}/{total} {pct:3d}% | {clock}]"
    text += f" {finished} done" if finished else ""
    return text + (f"; running: {now}" if now else "")


@dataclass
class LogHandlerSettings(LogHandlerSettingsBase):
    """No settings: the plugin reads Snakemake's own (``--show-failed-logs``, ``--quiet``)."""


class LogHandler(LogHandlerBase):
    """Console handler: progress lines for jobs, Snakemake's formatting for everything else."""

    def __post_init__(self) -> None:
        from snakemake.logging import DefaultFormatter

        self.started = time.monotonic()
        self.rules: dict[int, str] = {}
        self.running: Counter = Counter()
        self.last_finished = ""
        self.stream = sys.stderr
        self.formatter_ = DefaultFormatter(
            getattr(self.common_settings, "quiet", None),
            getattr(self.common_settings, "show_failed_logs", False),
        )

    def emit(self, record: logging.LogRecord) -> None:
        """Print ``record`` as a progress line, as Snakemake formats it, or not at all."""
        try:
            text = self._text(record)
            if text:
                self.stream.write(text + "\n")
                self.stream.flush()
        except Exception:  # a logger must never break the run
            self.handleError(record)

    def _text(self, record: logging.LogRecord) -> str:
        event = getattr(record, "event", None)
        if event == LogEvent.JOB_INFO:
            rule = str(getattr(record, "rule_name", ""))
            self.rules[int(record.jobid)] = rule
            self.running[rule] += 1
            return ""
        if event == LogEvent.JOB_FINISHED:
            rule = self.rules.pop(int(getattr(record, "job_id", -1)), "")
            if rule:
                self.running[rule] -= 1
            self.last_finished = rule
            return ""
        if event == LogEvent.JOB_ERROR:
            rule = self.rules.pop(int(getattr(record, "jobid", -1)), "")
            if rule:
                self.running[rule] -= 1
            return self.formatter_.format(record)
        if event == LogEvent.PROGRESS:
            line = progress_line(
                int(record.done),
                int(record.total),
                time.monotonic() - self.started,
                self.last_finished,
                self.running,
            )
            self.last_finished = ""
            return line
        if event in SILENT:
            return ""
        if event in PASSED or record.levelno >= logging.WARNING:
            return self.formatter_.format(record)
        if event is None and record.levelno >= logging.INFO:
            text = self.formatter_.format(record)
            return "" if ROUTINE.match(text.strip()) else text
        return ""

    @property
    def writes_to_stream(self) -> bool:
        return True

    @property
    def writes_to_file(self) -> bool:
        return False

    @property
    def has_filter(self) -> bool:
        return True

    @property
    def has_formatter(self) -> bool:
        return True

    @property
    def needs_rulegraph(self) -> bool:
        return False


__all__ = ["LogHandler", "LogHandlerSettings", "progress_line"]
