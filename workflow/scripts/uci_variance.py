"""Variance parts of the UCI cells of one dataset and pair (the pool interval, valid at m << N)."""

import logging

from gendisc.data import splits
from gendisc.stats import pool_variance
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    pool, info = storage.read_pool(snakemake.input.pool)
    table = pool_variance.pool_variance_parts(
        pool.X,
        pool.y,
        dataset=snakemake.wildcards.dataset,
        pair=snakemake.wildcards.pair,
        m_grid=p.m,
        replicates=range(p.replicates),
        seed=p.seed,
        draw_train=splits.draw_train_indices,
        lr_C=p.lr_C,
        n_categories=pool.n_categories,
    )
    logging.info("%s %s: %d cells", info["dataset"], snakemake.wildcards.pair, len(table))
    storage.write_csv(snakemake.output[0], table)
