"""Collect every setting's asymptotic errors into one table."""

from gendisc import io as gio
from gendisc import protocol

with gio.log_to(snakemake.log[0]):
    table = protocol.asymptotic_table(gio.read_json(path) for path in snakemake.input)
    gio.write_parquet(snakemake.output[0], table)
