"""One chunk of random train/test splits of a UCI pool, over all m, for one pair."""

import logging

from gendisc.data import splits
from gendisc.study import held_out, replicates, runtime, storage
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
    # the test-set reading: the rest of the pool (default) or a fixed held-out part
    chunk = held_out.held_out_chunk if p.test_set == "fixed_held_out" else replicates.pool_chunk
    frame = chunk(
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
