"""Asymptotic gap and m* per setting, and their regressions on the misspecification level."""

import pandas as pd

from gendisc import analysis
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    settings, trends = analysis.misspecification_tables(
        gio.read_parquet(snakemake.input.asymptotic),
        gio.read_errors(snakemake.input.errors),
        pd.read_csv(snakemake.input.crossovers),
        snakemake.params.alpha,
    )
    gio.write_csv(snakemake.output.settings, settings)
    gio.write_csv(snakemake.output.trends, trends)
