# Synthetic studies: Bayes error per setting, paired replicates per (setting, pair, chunk),
# and each model's asymptotic error per (setting, pair).


rule bayes_error:
    output:
        "results/bayes/{study}/{setting}.json",
    params:
        setting=setting_of,
        n_mc=config["bayes"]["n_mc"],
        seed=config["seed"],
    log:
        "logs/bayes_error/{study}/{setting}.log",
    benchmark:
        "benchmarks/bayes_error/{study}/{setting}.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/bayes_error.py"


rule simulate:
    input:
        bayes="results/bayes/{study}/{setting}.json",
    output:
        "results/chunks/{study}/{setting}/{pair}/{chunk}.parquet",
    params:
        setting=setting_of,
        replicates=chunk_replicates,
        m=lambda wc: config[wc.study]["m"],
        seed=config["seed"],
        n_test=config["n_test"],
        engine=config["engine"],
        lr_C=config["lr_C"],
    log:
        "logs/simulate/{study}/{setting}/{pair}/{chunk}.log",
    benchmark:
        "benchmarks/simulate/{study}/{setting}/{pair}/{chunk}.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        ENV
    script:
        "../scripts/simulate.py"


rule asymptote:
    output:
        "results/asymptotic/{study}/{setting}/{pair}.parquet",
    params:
        setting=setting_of,
        seed=config["seed"],
        n_train=config["asymptotic"]["n_train"],
        n_test=config["asymptotic"]["n_test"],
        engine=config["engine"],
        lr_C=config["lr_C"],
    log:
        "logs/asymptote/{study}/{setting}/{pair}.log",
    benchmark:
        "benchmarks/asymptote/{study}/{setting}/{pair}.tsv"
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/asymptote.py"
