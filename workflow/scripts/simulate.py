"""One chunk of paired replicates, over all m, for one setting and every pair run on it."""

import logging

from gendisc.data import generators
from gendisc.study import experiment, storage

with storage.log_to(snakemake.log[0]):
    p = snakemake.params
    setting = generators.Setting(**p.setting)
    start, stop = p.replicates
    frame = experiment.setting_chunk(
        setting,
        p.pairs,
        p.m,
        range(start, stop),
        seed=p.seed,
        n_test=p.n_test,
        bayes_error=experiment.bayes_of(storage.read_json(snakemake.input.reference), setting.id),
        study=snakemake.wildcards.study,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    logging.info(
        "%s %s replicates [%d, %d): %d rows",
        setting.id,
        ",".join(p.pairs),
        start,
        stop,
        len(frame),
    )
    storage.write_parquet(snakemake.output[0], frame)
