# Synthetic studies: the reference values of every setting of a family (Bayes error and each
# model's asymptotic error; one job per study and family), then paired replicates per
# (setting, chunk), every pair of the setting in the same job.


rule reference:
    output:
        "results/reference/{study}/{family}.json",
    log:
        "logs/reference/{study}/{family}.log",
    benchmark:
        "benchmarks/reference/{study}/{family}.tsv"
    priority: 100
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=20,
    params:
        settings=family_settings,
        options=OPTIONS,
    script:
        "../scripts/reference.py"


rule simulate:
    input:
        reference=reference_of,
    output:
        "results/chunks/{study}/{setting}/{chunk}.parquet",
    log:
        "logs/simulate/{study}/{setting}/{chunk}.log",
    benchmark:
        "benchmarks/simulate/{study}/{setting}/{chunk}.tsv"
    priority: simulate_priority
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        setting=setting_of,
        pairs=setting_pairs,
        replicates=chunk_replicates,
        m=lambda wc: config[wc.study]["m"],
        options=OPTIONS,
    script:
        "../scripts/simulate.py"
