"""Reference values of every setting of one family: Bayes and asymptotic errors."""

import logging

from gendisc.study import experiment, storage

with storage.log_to(snakemake.log[0]):
    p = snakemake.params
    ref = experiment.family_reference(
        p.settings,
        seed=p.seed,
        n_mc=p.n_mc,
        n_train=p.n_train,
        n_test=p.n_test,
        engine_name=p.engine,
        lr_C=p.lr_C,
    )
    logging.info("%s", ref)
    storage.write_json(snakemake.output[0], {"study": snakemake.wildcards.study, **ref})
