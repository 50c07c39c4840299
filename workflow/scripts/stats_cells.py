"""Per-cell tests with Benjamini-Hochberg over each figure: results/cells.csv."""

import logging

from gendisc.stats import analysis
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    errors = storage.read_errors(snakemake.input.errors)
    cells = analysis.cell_table(errors, snakemake.params.alpha)
    logging.info("%d cells, %d BH-significant", len(cells), int(cells["bh_significant"].sum()))
    storage.write_csv(snakemake.output[0], cells)
