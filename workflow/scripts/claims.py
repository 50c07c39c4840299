"""The claims table (a verdict per claim, scope and rule), the across-datasets table and the
sensitivity table (verdict counts per claim and rule)."""

import logging

import pandas as pd

from gendisc.stats import analysis, registry
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    cfg = analysis.StatsConfig.from_config(snakemake.params.config)
    claim_registry = registry.load_registry(snakemake.input.registry)
    logging.info("verdict rule: %s", cfg.describe())
    names = ("cells", "crossovers", "complexity", "growth", "efron", "misspecification")
    names += ("summary",)
    tables = {name: pd.read_csv(snakemake.input[name]) for name in names}
    # claim rows of the studies beyond the learning curves (issue 15), one JSON file per study
    beyond = snakemake.input.beyond
    beyond = [beyond] if isinstance(beyond, str) else list(beyond)
    tables["beyond"] = pd.DataFrame([row for path in beyond for row in storage.read_json(path)])
    claims, across, sensitivity = analysis.claims_tables(tables, claim_registry, cfg)
    logging.info("verdicts: %s", claims["verdict"].value_counts().to_dict())
    storage.write_csv(snakemake.output.claims, claims)
    storage.write_csv(snakemake.output.across, across)
    storage.write_csv(snakemake.output.sensitivity, sensitivity)
