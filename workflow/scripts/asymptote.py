"""Each model's asymptotic error for one (setting, pair): fit on a very large sample."""

import logging

from gendisc import generators, protocol
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    p = snakemake.params
    setting = generators.Setting(**p.setting)
    frame = protocol.asymptotic_errors(
        setting,
        snakemake.wildcards.pair,
        seed=p.seed,
        n_train=p.n_train,
        n_test=p.n_test,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    frame.insert(0, "study", snakemake.wildcards.study)
    logging.info("\n%s", frame.to_string())
    gio.write_parquet(snakemake.output[0], frame)
