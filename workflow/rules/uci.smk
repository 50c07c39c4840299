# Ng & Jordan's UCI experiments: download (checksummed), prepare the pool, random splits.


rule download:
    output:
        "data/uci/{file}",
    log:
        "logs/download/{file}.log",
    benchmark:
        "benchmarks/download/{file}.tsv"
    retries: 0
    localrule: True
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=10,
    params:
        file=source_file,
        mirror=config["data_mirror"],
        accept=config["accept_checksums"],
        deadline=config["download_deadline"],
    script:
        "../scripts/download.py"


rule prepare_dataset:
    input:
        dataset_files,
    output:
        "results/uci/pools/{dataset}.parquet",
    log:
        "logs/prepare_dataset/{dataset}.log",
    benchmark:
        "benchmarks/prepare_dataset/{dataset}.tsv"
    wildcard_constraints:
        dataset="|".join(datasets.DATASETS),  # user datasets: prepare_user_dataset
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        missing=config["uci"]["missing"],
        accept=config["accept_checksums"],
        readings=config["uci"]["readings"],
    script:
        "../scripts/prepare_dataset.py"


rule uci_splits:
    input:
        pool="results/uci/pools/{dataset}.parquet",
    output:
        "results/chunks/uci/{dataset}/{pair}/{chunk}.parquet",
    log:
        "logs/uci_splits/{dataset}/{pair}/{chunk}.log",
    benchmark:
        "benchmarks/uci_splits/{dataset}/{pair}/{chunk}.tsv"
    priority: 100
    conda:
        ENV
    resources:
        mem_mb=3000,
        runtime=30,
    params:
        m=lambda wc: list(uci_cell(wc).m),
        replicates=uci_chunk_replicates,
        options=OPTIONS,
        test_set=config["uci"]["readings"]["test_set"],
    script:
        "../scripts/uci_splits.py"
