# Gather chunk tables into the tidy results table and its per-cell summary.


rule aggregate:
    input:
        chunks=all_chunk_files(),
    output:
        "results/errors.parquet",
    log:
        "logs/aggregate.log",
    benchmark:
        "benchmarks/aggregate.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    params:
        provenance=provenance(),
    script:
        "../scripts/aggregate.py"


rule asymptotic_table:
    input:
        all_reference_files(),
    output:
        "results/asymptotic.parquet",
    log:
        "logs/asymptotic_table.log",
    benchmark:
        "benchmarks/asymptotic_table.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
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
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    script:
        "../scripts/summarise.py"
