"""One chunk of random train/test splits of a UCI pool, over all m, for one pair."""

import logging

from gendisc.data import splits
from gendisc.study import replicates, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    prepared, info = storage.read_pool(snakemake.input.pool)
    pool = replicates.Pool(
        prepared.X,
        prepared.y,
        dataset=snakemake.wildcards.dataset,
        n_categories=prepared.n_categories,
    )
    start, stop = p.replicates
    frame = replicates.pool_chunk(
        pool,
        snakemake.wildcards.pair,
        p.m,
        range(start, stop),
        RunOptions(**p.options),
        draw_train=splits.draw_train_indices,
        max_margin_arm=True,
    )
    logging.info(
        "%s %s [%d, %d): %d rows",
        info["dataset"],
        snakemake.wildcards.pair,
        start,
        stop,
        len(frame),
    )
    storage.write_parquet(snakemake.output[0], frame)
