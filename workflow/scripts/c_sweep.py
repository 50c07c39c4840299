"""Logistic regression's C swept on a few settings, by separability: results/c_sweep.csv."""

from gendisc.study import c_sweep, runtime, storage

with runtime.log_to(snakemake.log[0]):
    table = c_sweep.run(snakemake.params.c_sweep, seed=snakemake.params.seed)
    storage.write_csv(snakemake.output[0], table)
