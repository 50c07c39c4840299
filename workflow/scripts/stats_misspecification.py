"""Asymptotic gap and m* per setting, and their regressions on the misspecification level."""

import pandas as pd

from gendisc.stats import misspecification
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    settings, trends = misspecification.misspecification_tables(
        storage.read_parquet(snakemake.input.asymptotic),
        storage.read_errors(snakemake.input.errors),
        pd.read_csv(snakemake.input.crossovers),
        snakemake.params.alpha,
    )
    storage.write_csv(snakemake.output.settings, settings)
    storage.write_csv(snakemake.output.trends, trends)
