"""Read, check and encode one user dataset into a pool table (the UCI pools' format)."""

import logging
from pathlib import Path

from gendisc.data import user
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    spec = user.UserDataset.from_config(snakemake.wildcards.user_dataset, snakemake.params.entry)
    pool = user.prepare(spec, Path.cwd())
    logging.info(
        "%s: X %s, m %s, sha256 %s; %s",
        spec.name,
        pool.prepared.X.shape,
        list(pool.m_grid),
        pool.sha256,
        "; ".join(pool.prepared.notes),
    )
    info = {"dataset": spec.name, "sha256": {pool.file: pool.sha256}, "source": "user"}
    storage.write_pool(snakemake.output[0], pool.prepared, info)
