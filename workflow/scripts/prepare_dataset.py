"""Parse, binarise and encode one UCI dataset into a pool table."""

import logging
from pathlib import Path

from gendisc.data import readings
from gendisc.data.prepare import prepare
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    name = snakemake.wildcards.dataset
    paths = {Path(p).name: Path(p) for p in snakemake.input}
    chosen = readings.data_part(snakemake.params.readings)
    prepared = prepare(
        name,
        paths,
        missing=snakemake.params.missing,
        accept=snakemake.params.accept,
        parser=readings.parser_for(name, chosen),
        scaling=readings.scaling_for(name, chosen),
    )
    logging.info(
        "%s: X %s, positives %d; %s",
        name,
        prepared.X.shape,
        prepared.y.sum(),
        "; ".join(prepared.notes),
    )
    info = {"dataset": name, "sha256": dict(prepared.sha256)}  # verified before parsing
    storage.write_pool(snakemake.output[0], prepared, info)
