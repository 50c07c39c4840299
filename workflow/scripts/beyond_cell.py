"""One cell of a study beyond the learning curves: results/beyond/{study}/{cell}.parquet."""

import logging

from gendisc.study import beyond, runtime, storage

with runtime.log_to(snakemake.log[0]):
    name, cell = snakemake.wildcards.bstudy, snakemake.wildcards.cell
    table = beyond.run_cell(
        name, snakemake.params.section, cell, seed=snakemake.params.seed, lr_C=snakemake.params.lr_C
    )
    logging.info("%s/%s: %d rows", name, cell, len(table))
    storage.write_parquet(snakemake.output[0], table, provenance=snakemake.params.provenance)
