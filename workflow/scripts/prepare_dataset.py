"""Parse, binarise and encode one UCI dataset into a pool table."""

import logging
from pathlib import Path

from gendisc.data import datasets, download
from gendisc.study import storage

with storage.log_to(snakemake.log[0]):
    name = snakemake.wildcards.dataset
    paths = {Path(p).name: Path(p) for p in snakemake.input}
    prepared = datasets.prepare(name, paths, missing=snakemake.params.missing)
    logging.info(
        "%s: X %s, positives %d; %s",
        name,
        prepared.X.shape,
        prepared.y.sum(),
        "; ".join(prepared.notes),
    )
    info = {"dataset": name, "sha256": {n: download.sha256_file(p) for n, p in paths.items()}}
    storage.write_pool(snakemake.output[0], prepared, info)
