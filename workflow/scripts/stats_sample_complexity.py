"""m_epsilon of the dimension sweeps, its fits on log n and n, and its growth exponent and AIC
choice with their bootstrap uncertainty."""

from gendisc.stats import sample_complexity
from gendisc.study import runtime, storage

with runtime.log_to(snakemake.log[0]):
    errors = storage.read_errors(snakemake.input.errors)
    asymptotic = storage.read_parquet(snakemake.input.asymptotic)
    m_eps, fits = sample_complexity.sample_complexity_tables(
        errors, asymptotic, eps=snakemake.params.epsilon, alpha=snakemake.params.alpha
    )
    growth = sample_complexity.growth_table(
        errors,
        asymptotic,
        m_eps,
        eps=snakemake.params.epsilon,
        alpha=snakemake.params.alpha,
        min_delta_aic=snakemake.params.min_delta_aic,
        seed=snakemake.params.seed,
        n_boot=snakemake.params.n_boot,
    )
    storage.write_csv(snakemake.output.m_epsilon, m_eps)
    storage.write_csv(snakemake.output.fits, fits)
    storage.write_csv(snakemake.output.growth, growth)
