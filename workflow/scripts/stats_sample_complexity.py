"""m_epsilon of the dimension sweep and its fits on log n and n."""

from gendisc.stats import sample_complexity
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    m_eps, fits = sample_complexity.sample_complexity_tables(
        storage.read_errors(snakemake.input.errors),
        storage.read_parquet(snakemake.input.asymptotic),
        eps=snakemake.params.epsilon,
        alpha=snakemake.params.alpha,
    )
    storage.write_csv(snakemake.output.m_epsilon, m_eps)
    storage.write_csv(snakemake.output.fits, fits)
