"""Naive Bayes' largest parameter deviation per dimension and m (Ng & Jordan's lemma)."""

from gendisc.data.generators import Setting
from gendisc.study import parameter_convergence, runtime, storage

with runtime.log_to(snakemake.log[0]):
    table = parameter_convergence.parameter_convergence(
        [Setting(**s) for s in snakemake.params.settings],
        snakemake.params.m,
        snakemake.params.replicates,
        seed=snakemake.params.seed,
        study="dimension_theorem",
    )
    storage.write_csv(snakemake.output[0], table)
