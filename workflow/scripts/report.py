"""Render reports/report.html, its figures (PNG + SVG), and copies of the result tables.

The figures are drawn by the job's threads, one process each (``study_report.build(workers=)``).
"""

import os
import time
from pathlib import Path

from gendisc import io as gio
from gendisc import report_sections_common as common
from gendisc import report_sections_methods as methods
from gendisc import study_report


def main() -> None:
    """Build the report from the rule's inputs and write its outputs."""
    with gio.log_to(snakemake.log[0]):
        inp, out = snakemake.input, snakemake.output
        started = time.time()
        names = ["summary", *snakemake.params.tables]
        tables = common.read_tables({name: inp[name] for name in names})
        run = {
            **methods.wall_time(methods.benchmark_intervals(snakemake.params.benchmarks), started),
            "machine cores": os.cpu_count(),
            "date (UTC)": time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)),
        }
        html, figures = study_report.build(
            tables,
            snakemake.params.config,
            gio.read_provenance(inp.errors),
            run,
            skipped=snakemake.params.skipped,
            seeds=gio.distinct_count(inp.errors, "seed"),
            workers=snakemake.threads,
        )
        Path(out.figures).mkdir(parents=True, exist_ok=True)
        for fig in figures:
            for fmt, data in fig.images.items():
                gio.write_bytes(Path(out.figures) / f"{fig.stem}.{fmt}", data)
        for src in [inp.errors, inp.summary, *(inp[name] for name in snakemake.params.tables)]:
            gio.write_bytes(Path(out.html).parent / Path(src).name, Path(src).read_bytes())
        gio.write_text(out.html, html)


# Guarded: where helper processes are spawned rather than forked, each imports this file again.
if __name__ == "__main__":
    main()
