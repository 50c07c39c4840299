"""Combine the asymptotic errors of every (setting, pair) into one table."""

import pandas as pd

from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    frames = [gio.read_parquet(path) for path in snakemake.input]
    table = pd.concat(frames, ignore_index=True).sort_values(
        ["study", "dataset", "pair", "role"], kind="mergesort"
    )
    gio.write_parquet(snakemake.output[0], table.reset_index(drop=True))
