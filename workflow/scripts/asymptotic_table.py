"""Collect every setting's asymptotic errors into one table."""

from gendisc.study import reference, runtime, storage

with runtime.log_to(snakemake.log[0]):
    refs = [
        reference.check_family_reference(storage.read_json(path), path) for path in snakemake.input
    ]
    storage.write_parquet(snakemake.output[0], reference.asymptotic_table(refs))
