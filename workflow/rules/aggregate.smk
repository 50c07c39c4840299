# Gather chunk tables into the tidy results table and its per-cell summary.


rule aggregate:
    input:
        chunks=chunk_files("synthetic"),
    output:
        "results/errors.parquet",
    params:
        provenance=provenance(),
    log:
        "logs/aggregate.log",
    benchmark:
        "benchmarks/aggregate.tsv"
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/aggregate.py"


rule asymptotic_table:
    input:
        asymptote_files("synthetic"),
    output:
        "results/asymptotic.parquet",
    log:
        "logs/asymptotic_table.log",
    benchmark:
        "benchmarks/asymptotic_table.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/asymptotic_table.py"


rule summarise:
    input:
        errors="results/errors.parquet",
        asymptotic="results/asymptotic.parquet",
    output:
        "results/summary.csv",
    log:
        "logs/summarise.log",
    benchmark:
        "benchmarks/summarise.tsv"
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/summarise.py"
