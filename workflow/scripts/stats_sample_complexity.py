"""m_epsilon of the dimension sweep and its fits on log n and n."""

from gendisc import analysis_theory
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    m_eps, fits = analysis_theory.sample_complexity_tables(
        gio.read_errors(snakemake.input.errors),
        gio.read_parquet(snakemake.input.asymptotic),
        eps=snakemake.params.epsilon,
        alpha=snakemake.params.alpha,
    )
    gio.write_csv(snakemake.output.m_epsilon, m_eps)
    gio.write_csv(snakemake.output.fits, fits)
