"""Per-cell tests with Benjamini-Hochberg over each figure: results/cells.csv."""

import logging

import pandas as pd

from gendisc.stats import analysis
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    errors = storage.read_errors(snakemake.input.errors)
    parts = [pd.read_csv(path) for path in snakemake.input.variance]
    variance = pd.concat(parts, ignore_index=True) if parts else None
    cells = analysis.cell_table(errors, snakemake.params.alpha, pool_variance=variance)
    logging.info("%d cells, %d BH-significant", len(cells), int(cells["bh_significant"].sum()))
    storage.write_csv(snakemake.output[0], cells)
