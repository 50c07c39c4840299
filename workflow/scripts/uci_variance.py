"""Variance parts of the UCI cells of one dataset, every pair (the pool interval, valid at m << N)."""

import logging

import pandas as pd

from gendisc.data import splits
from gendisc.stats import pool_variance
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    pool, info = storage.read_pool(snakemake.input.pool)
    tables = [
        pool_variance.pool_variance_parts(
            pool.X,
            pool.y,
            dataset=snakemake.wildcards.dataset,
            pair=cell["pair"],
            m_grid=cell["m"],
            replicates=range(p.replicates),
            seed=p.seed,
            draw_train=splits.draw_train_indices,
            lr_C=p.lr_C,
            n_categories=pool.n_categories,
        )
        for cell in p.cells
    ]
    table = pool_variance.with_max_margin_arm(pd.concat(tables, ignore_index=True))
    logging.info("%s, %d pairs: %d cells", info["dataset"], len(tables), len(table))
    storage.write_csv(snakemake.output[0], table)
