"""Calibration study: the UCI protocol on every synthetic pool of one size."""

import logging

from gendisc.study import calibration, storage

with storage.log_to(snakemake.log[0]):
    p = snakemake.params
    design = calibration.CalibrationDesign.from_config(p.calibration)
    frame = calibration.pool_errors(
        design,
        int(snakemake.wildcards.size),
        seed=p.seed,
        n_mc=p.n_mc,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    logging.info("N=%s: %d pools, %d rows", snakemake.wildcards.size, design.pools, len(frame))
    storage.write_parquet(snakemake.output[0], frame)
