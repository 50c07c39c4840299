"""Coverage of each variance estimator per pool size and m: results/calibration.csv."""

import logging

from gendisc import calibration
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    table = calibration.coverage_table(
        gio.read_errors(snakemake.input.pools),
        gio.read_errors(snakemake.input.truth),
        snakemake.params.alpha,
    )
    for row in table.itertuples():
        logging.info(
            "N=%d m=%d %s: coverage %.3f", row.pool_size, row.m, row.estimator, row.coverage
        )
    gio.write_csv(snakemake.output[0], table)
