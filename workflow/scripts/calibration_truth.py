"""Calibration study: independent replicates that estimate the true difference per m."""

from gendisc.study import calibration, storage

with storage.log_to(snakemake.log[0]):
    p = snakemake.params
    frame = calibration.truth_errors(
        calibration.CalibrationDesign.from_config(p.calibration),
        seed=p.seed,
        n_mc=p.n_mc,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    storage.write_parquet(snakemake.output[0], frame)
