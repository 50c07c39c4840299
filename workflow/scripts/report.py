"""Render reports/report.html, its figures (PNG + SVG), its tables' CSV, and the result tables.

The figures are drawn by the job's threads, one process each (``build.build(workers=)``).
"""

import os
import time
from pathlib import Path

from gendisc.report import build, common
from gendisc.report.sections import provenance
from gendisc.study import keys, runtime, storage


def main() -> None:
    """Build the report from the rule's inputs and write its outputs."""
    with runtime.log_to(snakemake.log[0]):
        inp, out = snakemake.input, snakemake.output
        started = time.time()
        names = ["summary", *snakemake.params.tables]
        tables = common.read_tables({name: inp[name] for name in names})
        run = {
            **provenance.wall_time(
                provenance.benchmark_intervals(snakemake.params.benchmarks), started
            ),
            "machine cores": os.cpu_count(),
            "date (UTC)": time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)),
        }
        inputs = common.ReportInputs(
            tables,
            snakemake.params.config,
            storage.read_provenance(inp.errors),
            run,
            skipped=snakemake.params.skipped,
            seeds=storage.distinct_count(inp.errors, keys.STREAM_ID),
        )
        report = build.build(inputs, workers=snakemake.threads)
        Path(out.figures).mkdir(parents=True, exist_ok=True)
        for fig in report.figures:
            for fmt, data in fig.images.items():
                storage.write_bytes(Path(out.figures) / f"{fig.stem}.{fmt}", data)
        Path(out.shown).mkdir(parents=True, exist_ok=True)
        for name, data in report.files.items():
            storage.write_bytes(Path(out.html).parent / name, data)
        for src in [inp.errors, inp.summary, *(inp[name] for name in snakemake.params.tables)]:
            storage.write_bytes(Path(out.html).parent / Path(src).name, Path(src).read_bytes())
        storage.write_text(out.html, report.page)


# Guarded: where helper processes are spawned rather than forked, each imports this file again.
if __name__ == "__main__":
    main()
