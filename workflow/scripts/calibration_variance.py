"""Variance parts of every calibration pool of one size (the pool interval's inputs)."""

import pandas as pd

from gendisc.data import generators, splits
from gendisc.stats import pool_variance
from gendisc.study import calibration, runtime, storage

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    design = calibration.CalibrationDesign.from_config(p.calibration)
    size = int(snakemake.wildcards.size)
    frames = []
    for k in range(design.pools):
        X, y = calibration.draw_pool(design, size, k, p.seed)
        frames.append(
            pool_variance.pool_variance_parts(
                X,
                y,
                dataset=calibration.pool_id(design, size, k),
                pair=design.pair,
                m_grid=design.m,
                replicates=range(design.replicates),
                seed=p.seed,
                draw_train=splits.draw_train_indices,
                study=calibration.STUDY,
                lr_C=p.lr_C,
                n_categories=generators.n_categories(design.setting),
            )
        )
    storage.write_csv(snakemake.output[0], pd.concat(frames, ignore_index=True))
