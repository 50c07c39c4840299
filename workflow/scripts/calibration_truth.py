"""Calibration study: independent replicates that estimate the true difference per m."""

from gendisc import calibration
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    p = snakemake.params
    frame = calibration.truth_errors(
        calibration.CalibrationDesign.from_config(p.calibration),
        seed=p.seed,
        n_mc=p.n_mc,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    gio.write_parquet(snakemake.output[0], frame)
