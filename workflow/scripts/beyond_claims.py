"""Verdicts of the claims beyond the learning curves: results/beyond_claims.csv."""

import logging

from gendisc.stats import beyond as beyond_stats
from gendisc.study import storage

with storage.log_to(snakemake.log[0]):
    rows = [row for path in snakemake.input for row in storage.read_json(path)]
    table = beyond_stats.finalize(rows, snakemake.params.stats)
    logging.info("%d claim rows: %s", len(table), table["verdict"].value_counts().to_dict())
    storage.write_csv(snakemake.output[0], table)
