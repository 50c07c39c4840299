"""Mean curves of every alternative of the pool and test-set readings, a few splits per m."""

import logging
from pathlib import Path

from gendisc.study import reading_scores, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    config = {
        "uci": {"readings": p.readings, "missing": p.missing},
        "accept_checksums": p.accept,
    }
    paths = {Path(f).name: Path(f) for f in snakemake.input}
    table = reading_scores.score_table(config, paths, RunOptions(**p.options), p.replicates)
    logging.info("%d rows, %d splits per m", len(table), p.replicates)
    storage.write_csv(snakemake.output[0], table)
