"""Reference values of one synthetic setting: Bayes error and each model's asymptotic error."""

import logging

from gendisc import generators, protocol
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    p = snakemake.params
    setting = generators.Setting(**p.setting)
    ref = protocol.reference(
        setting,
        p.pairs,
        seed=p.seed,
        n_mc=p.n_mc,
        n_train=p.n_train,
        n_test=p.n_test,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    logging.info("%s: %s", setting.id, ref)
    gio.write_json(snakemake.output[0], {"study": snakemake.wildcards.study, **ref})
