"""One chunk of paired replicates, over all m, for one setting and every pair run on it."""

import logging

from gendisc.data import generators
from gendisc.study import reference, replicates, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    setting = generators.Setting(**p.setting)
    start, stop = p.replicates
    ref_path = snakemake.input.reference
    ref = reference.check_family_reference(storage.read_json(ref_path), ref_path)
    frame = replicates.setting_chunk(
        setting,
        p.pairs,
        p.m,
        range(start, stop),
        RunOptions(**p.options),
        bayes_error=reference.bayes_of(ref, setting.id),
        study=snakemake.wildcards.study,
    )
    logging.info(
        "%s %s replicates [%d, %d): %d rows", setting.id, ",".join(p.pairs), start, stop, len(frame)
    )
    storage.write_parquet(snakemake.output[0], frame)
