"""Measured efficiency of LR relative to LDA vs Efron's curve: results/efron.csv."""

from gendisc.stats import sample_complexity
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    table = sample_complexity.efron_table(
        storage.read_errors(snakemake.input.errors),
        seed=p.seed,
        n_boot=p.n_boot,
        alpha=p.alpha,
        m_min=p.m_min,
    )
    storage.write_csv(snakemake.output[0], table)
