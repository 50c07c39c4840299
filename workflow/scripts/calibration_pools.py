"""Calibration study: the UCI protocol on every synthetic pool of one size."""

import logging

from gendisc.study import calibration, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    design = calibration.CalibrationDesign.from_config(p.calibration)
    size = int(snakemake.wildcards.size)
    frame = calibration.pool_errors(design, size, RunOptions(**p.options))
    logging.info("N=%s: %d pools, %d rows", size, design.pools, len(frame))
    storage.write_parquet(snakemake.output[0], frame)
