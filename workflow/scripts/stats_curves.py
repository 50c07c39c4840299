"""Learning-curve fits of every model: results/curves.csv."""

import logging

from gendisc.stats import analysis
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    errors = storage.read_errors(snakemake.input.errors)
    fits = analysis.curve_table(errors, snakemake.params.flat_fraction)
    logging.info("%d curves fitted", len(fits))
    storage.write_csv(snakemake.output[0], fits)
