"""Measured efficiency of LR relative to LDA vs Efron's curve: results/efron.csv."""

from gendisc import analysis_theory
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    p = snakemake.params
    table = analysis_theory.efron_table(
        gio.read_errors(snakemake.input.errors),
        seed=p.seed,
        n_boot=p.n_boot,
        alpha=p.alpha,
        m_min=p.m_min,
    )
    gio.write_csv(snakemake.output[0], table)
