"""Combine every chunk into results/errors.parquet (sorted; provenance in its metadata)."""

import logging

from gendisc.study import runtime, storage, summary

with runtime.log_to(snakemake.log[0]):
    errors = summary.combine(storage.read_parquet(path) for path in snakemake.input.chunks)
    logging.info("%d rows from %d chunks", len(errors), len(snakemake.input.chunks))
    storage.write_parquet(snakemake.output[0], errors, provenance=snakemake.params.provenance)
