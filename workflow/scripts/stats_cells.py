"""Per-cell tests with Benjamini-Hochberg over each figure: results/cells.csv."""

import logging

from gendisc import analysis
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    errors = gio.read_errors(snakemake.input.errors)
    cells = analysis.cell_table(errors, snakemake.params.alpha)
    logging.info("%d cells, %d BH-significant", len(cells), int(cells["bh_significant"].sum()))
    gio.write_csv(snakemake.output[0], cells)
