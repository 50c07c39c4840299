"""Per-cell summary of the results table: results/summary.csv."""

from gendisc.study import runtime, storage, summary

with runtime.log_to(snakemake.log[0]):
    errors = storage.read_errors(snakemake.input.errors)
    asymptotic = storage.read_parquet(snakemake.input.asymptotic)
    storage.write_csv(snakemake.output[0], summary.summarise(errors, asymptotic))
