"""Coverage of each variance estimator per pool size and m: results/calibration.csv."""

import logging

import pandas as pd

from gendisc.stats.calibration import coverage_table
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    table = coverage_table(
        storage.read_errors(snakemake.input.pools),
        storage.read_errors(snakemake.input.truth),
        snakemake.params.alpha,
        pd.concat([pd.read_csv(path) for path in snakemake.input.variance], ignore_index=True),
    )
    for row in table.itertuples():
        logging.info(
            "N=%d m=%d %s: coverage %.3f", row.pool_size, row.m, row.estimator, row.coverage
        )
    storage.write_csv(snakemake.output[0], table)
