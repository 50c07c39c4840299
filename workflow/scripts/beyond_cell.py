"""One cell of a study beyond the learning curves: results/beyond/{study}/{cell}.parquet."""

import logging

from gendisc.study import beyond, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    name, cell = snakemake.wildcards.bstudy, snakemake.wildcards.cell
    pool = storage.read_pool(snakemake.input[0])[0] if len(snakemake.input) else None
    table = beyond.run_cell(
        name,
        snakemake.params.section,
        cell,
        RunOptions(**snakemake.params.options),
        pool=pool,
    )
    logging.info("%s/%s: %d rows", name, cell, len(table))
    storage.write_parquet(snakemake.output[0], table, provenance=snakemake.params.provenance)
