"""Per-cell summary of the results table: results/summary.csv."""

from gendisc import io as gio
from gendisc import summary

with gio.log_to(snakemake.log[0]):
    errors = gio.read_errors(snakemake.input.errors)
    asymptotic = gio.read_parquet(snakemake.input.asymptotic)
    gio.write_csv(snakemake.output[0], summary.summarise(errors, asymptotic))
