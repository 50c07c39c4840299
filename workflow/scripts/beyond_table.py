"""Gather a study's cells; its paired intervals and claim rows (verdicts in beyond_claims)."""

import logging

from gendisc.stats import beyond as beyond_stats
from gendisc.study import beyond, runtime, storage

with runtime.log_to(snakemake.log[0]):
    name = snakemake.wildcards.bstudy
    table = beyond.combine(name, [storage.read_parquet(p) for p in snakemake.input.cells])
    paired, claims = beyond_stats.analyse(name, table, snakemake.params.alpha)
    logging.info(
        "%s: %d rows, %d comparisons, %d claim rows", name, len(table), len(paired), len(claims)
    )
    storage.write_parquet(snakemake.output.table, table, provenance=snakemake.params.provenance)
    storage.write_csv(snakemake.output.paired, paired)
    storage.write_json(snakemake.output.claims, claims)
