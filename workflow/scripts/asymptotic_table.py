"""Collect every setting's asymptotic errors into one table."""

from gendisc.study import experiment, storage

with storage.log_to(snakemake.log[0]):
    table = experiment.asymptotic_table(storage.read_json(path) for path in snakemake.input)
    storage.write_parquet(snakemake.output[0], table)
