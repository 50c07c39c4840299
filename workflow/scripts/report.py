"""Render reports/report.html, its figures, and copies of the result tables."""

import datetime
import os
import shutil
from pathlib import Path

import pandas as pd

from gendisc import io as gio
from gendisc import study_report

with gio.log_to(snakemake.log[0]):
    out = snakemake.output
    summary = pd.read_csv(snakemake.input.summary)
    run = {
        **gio.benchmark_facts(snakemake.params.benchmarks),
        "machine cores": os.cpu_count(),
        "date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
    }
    html, figures = study_report.build(
        summary,
        snakemake.params.config,
        gio.read_provenance(snakemake.input.errors),
        run,
        skipped=snakemake.params.skipped,
    )
    Path(out.figures).mkdir(parents=True, exist_ok=True)
    for fig in figures:
        for fmt, data in fig.images.items():
            gio.write_bytes(Path(out.figures) / f"{fig.stem}.{fmt}", data)
    shutil.copyfile(snakemake.input.errors, out.errors)
    shutil.copyfile(snakemake.input.summary, out.summary)
    gio.write_text(out.html, html)
