# Gather chunk tables into the tidy results table and its per-cell summary.


rule aggregate:
    input:
        chunks=all_chunk_files(),
    output:
        TABLES["errors"],
    log:
        "logs/aggregate.log",
    benchmark:
        "benchmarks/aggregate.tsv"
    conda:
        ENV
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
        TABLES["asymptotic"],
    log:
        "logs/asymptotic_table.log",
    benchmark:
        "benchmarks/asymptotic_table.tsv"
    conda:
        ENV
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/asymptotic_table.py"


rule summarise:
    input:
        errors=TABLES["errors"],
        asymptotic=TABLES["asymptotic"],
    output:
        TABLES["summary"],
    log:
        "logs/summarise.log",
    benchmark:
        "benchmarks/summarise.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=10,
    script:
        "../scripts/summarise.py"
