"""The claims table (a verdict per claim and scope) and the across-datasets table."""

import logging

import pandas as pd

from gendisc.stats import analysis
from gendisc.study import storage

with storage.log_to(snakemake.log[0]):
    cfg = analysis.StatsConfig.from_config(snakemake.params.config)
    logging.info("verdict rule: %s", cfg.describe())
    tables = {name: pd.read_csv(path) for name, path in snakemake.input.items()}
    claims, across = analysis.claims_tables(
        tables["cells"],
        tables["crossovers"],
        tables["complexity"],
        tables["efron"],
        tables["trends"],
        cfg,
    )
    logging.info("verdicts: %s", claims["verdict"].value_counts().to_dict())
    storage.write_csv(snakemake.output.claims, claims)
    storage.write_csv(snakemake.output.across, across)
