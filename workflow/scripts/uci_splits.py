"""One chunk of random train/test splits of a UCI pool, over all m, for one pair."""

import logging

from gendisc.data import splits
from gendisc.models.separable import SamplerSettings
from gendisc.study import experiment, storage

with storage.log_to(snakemake.log[0]):
    p = snakemake.params
    pool, info = storage.read_pool(snakemake.input.pool)
    start, stop = p.replicates
    frame = experiment.pool_chunk(
        pool.X,
        pool.y,
        dataset=snakemake.wildcards.dataset,
        pair=snakemake.wildcards.pair,
        m_grid=p.m,
        replicates=range(start, stop),
        seed=p.seed,
        draw_train=splits.draw_train_indices,
        n_categories=pool.n_categories,
        engine_name=p.engine,
        lr_C=p.lr_C,
        lr_separable=p.lr_separable,
        sampler=SamplerSettings(**p.sampler),
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
