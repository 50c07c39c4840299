"""Reference values of every setting of one family: Bayes and asymptotic errors."""

import logging

from gendisc.study import reference, runtime, storage
from gendisc.study.options import RunOptions

with runtime.log_to(snakemake.log[0]):
    ref = reference.family_reference(
        snakemake.params.settings, RunOptions(**snakemake.params.options)
    )
    logging.info("%s", ref)
    storage.write_json(snakemake.output[0], {"study": snakemake.wildcards.study, **ref})
