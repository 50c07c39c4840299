"""Calibration study: independent replicates that estimate the true difference per m."""

from gendisc.study import calibration, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    design = calibration.CalibrationDesign.from_config(p.calibration)
    frame = calibration.truth_errors(design, RunOptions(**p.options))
    storage.write_parquet(snakemake.output[0], frame)
