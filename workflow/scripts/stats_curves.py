"""Learning-curve fits of every model: results/curves.csv."""

import logging

from gendisc import analysis
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    errors = gio.read_errors(snakemake.input.errors)
    fits = analysis.curve_table(errors, snakemake.params.flat_fraction)
    logging.info("%d curves fitted", len(fits))
    gio.write_csv(snakemake.output[0], fits)
