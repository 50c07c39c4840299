"""Crossover m* of every curve pair with its bootstrap: results/crossovers.csv."""

import logging

from gendisc.stats import analysis
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    errors = storage.read_errors(snakemake.input.errors)
    table = analysis.crossover_table(errors, seed=p.seed, n_boot=p.n_boot, alpha=p.alpha)
    logging.info("%d curve pairs, %d cross", len(table), int(table["m_star"].notna().sum()))
    storage.write_csv(snakemake.output[0], table)
