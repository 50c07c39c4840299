# Statistics of the results (issue 4): per-cell tests, learning curves, crossovers, sample
# complexity, Efron's efficiency, misspecification trends, the calibration study, the claims.


rule uci_variance:
    input:
        pool="results/uci/pools/{dataset}.parquet",
    output:
        "results/uci/variance/{dataset}.csv",
    log:
        "logs/uci_variance/{dataset}.log",
    benchmark:
        "benchmarks/uci_variance/{dataset}.tsv"
    conda:
        ENV
    resources:
        mem_mb=3000,
        runtime=30,
    params:
        cells=uci_dataset_cells,
        replicates=min(VARIANCE_REPLICATES, config["uci"]["replicates"]),
        seed=config["seed"],
        lr_C=config["lr_C"],
    script:
        "../scripts/uci_variance.py"


rule calibration_variance:
    output:
        "results/calibration/variance/N{size}.csv",
    log:
        "logs/calibration/variance/N{size}.log",
    benchmark:
        "benchmarks/calibration/variance/N{size}.tsv"
    wildcard_constraints:
        size=r"\d+",
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        calibration=config["calibration"],
        seed=config["seed"],
        lr_C=config["lr_C"],
    script:
        "../scripts/calibration_variance.py"


rule stats_cells:
    input:
        errors=TABLES["errors"],
        variance=uci_variance_files(),
    output:
        STATS_TABLES["cells"],
    log:
        "logs/stats/cells.log",
    benchmark:
        "benchmarks/stats/cells.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=15,
    params:
        alpha=config["stats"]["alpha"],
    script:
        "../scripts/stats_cells.py"


rule stats_curves:
    input:
        errors=TABLES["errors"],
    output:
        STATS_TABLES["curves"],
    log:
        "logs/stats/curves.log",
    benchmark:
        "benchmarks/stats/curves.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        flat_fraction=config["stats"]["flat_fraction"],
    script:
        "../scripts/stats_curves.py"


rule stats_crossovers:
    input:
        errors=TABLES["errors"],
    output:
        STATS_TABLES["crossovers"],
    log:
        "logs/stats/crossovers.log",
    benchmark:
        "benchmarks/stats/crossovers.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        seed=config["seed"],
        n_boot=config["stats"]["n_boot"],
        alpha=config["stats"]["alpha"],
    script:
        "../scripts/stats_crossovers.py"


rule stats_sample_complexity:
    input:
        errors=TABLES["errors"],
        asymptotic=TABLES["asymptotic"],
    output:
        m_epsilon=STATS_TABLES["m_epsilon"],
        fits=STATS_TABLES["sample_complexity"],
        growth=STATS_TABLES["growth"],
    log:
        "logs/stats/sample_complexity.log",
    benchmark:
        "benchmarks/stats/sample_complexity.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=10,
    params:
        epsilon=config["epsilon"],
        alpha=config["stats"]["alpha"],
        min_delta_aic=config["stats"]["min_delta_aic"],
        seed=config["seed"],
        n_boot=config["stats"]["n_boot"],
    script:
        "../scripts/stats_sample_complexity.py"


rule parameter_convergence:
    output:
        STATS_TABLES["parameter_convergence"],
    log:
        "logs/stats/parameter_convergence.log",
    benchmark:
        "benchmarks/stats/parameter_convergence.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        settings=parameter_settings(),
        m=config["dimension_theorem"]["m"],
        replicates=config["dimension_theorem"]["replicates"],
        seed=config["seed"],
    script:
        "../scripts/parameter_convergence.py"


rule stats_efron:
    input:
        errors=TABLES["errors"],
    output:
        STATS_TABLES["efron"],
    log:
        "logs/stats/efron.log",
    benchmark:
        "benchmarks/stats/efron.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=10,
    params:
        seed=config["seed"],
        n_boot=config["stats"]["n_boot"],
        alpha=config["stats"]["alpha"],
        m_min=config["stats"]["efron_m_min"],
    script:
        "../scripts/stats_efron.py"


rule stats_misspecification:
    input:
        errors=TABLES["errors"],
        asymptotic=TABLES["asymptotic"],
        crossovers=STATS_TABLES["crossovers"],
    output:
        settings=STATS_TABLES["misspecification"],
        trends=STATS_TABLES["level_trends"],
    log:
        "logs/stats/misspecification.log",
    benchmark:
        "benchmarks/stats/misspecification.tsv"
    conda:
        ENV
    resources:
        mem_mb=4000,
        runtime=10,
    params:
        alpha=config["stats"]["alpha"],
    script:
        "../scripts/stats_misspecification.py"


rule calibration_pools:
    output:
        "results/calibration/pools/N{size}.parquet",
    log:
        "logs/calibration/pools/N{size}.log",
    benchmark:
        "benchmarks/calibration/pools/N{size}.tsv"
    wildcard_constraints:
        size=r"\d+",
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        calibration=config["calibration"],
        options=OPTIONS,
    script:
        "../scripts/calibration_pools.py"


rule calibration_truth:
    output:
        "results/calibration/truth.parquet",
    log:
        "logs/calibration/truth.log",
    benchmark:
        "benchmarks/calibration/truth.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        calibration=config["calibration"],
        options=OPTIONS,
    script:
        "../scripts/calibration_truth.py"


rule calibration_errors:
    input:
        chunks=calibration_pool_files(),
    output:
        TABLES["calibration_errors"],
    log:
        "logs/calibration/errors.log",
    benchmark:
        "benchmarks/calibration/errors.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        provenance=provenance(),
    script:
        "../scripts/aggregate.py"


rule calibration:
    input:
        pools=TABLES["calibration_errors"],
        truth="results/calibration/truth.parquet",
        variance=calibration_variance_files(),
    output:
        STATS_TABLES["calibration"],
    log:
        "logs/calibration/coverage.log",
    benchmark:
        "benchmarks/calibration/coverage.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        alpha=config["stats"]["alpha"],
    script:
        "../scripts/calibration.py"


rule claims:
    input:
        cells=STATS_TABLES["cells"],
        crossovers=STATS_TABLES["crossovers"],
        complexity=STATS_TABLES["sample_complexity"],
        growth=STATS_TABLES["growth"],
        efron=STATS_TABLES["efron"],
        misspecification=STATS_TABLES["misspecification"],
        summary=TABLES["summary"],
        beyond=lambda w: beyond_studies.claim_files(config),
        registry="config/claims.yaml",
        registry_schema="config/claims.schema.yaml",
    output:
        claims=STATS_TABLES["claims"],
        across=STATS_TABLES["across_datasets"],
        sensitivity=STATS_TABLES["claims_sensitivity"],
    log:
        "logs/stats/claims.log",
    benchmark:
        "benchmarks/stats/claims.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        config=config,
    script:
        "../scripts/claims.py"


rule c_sweep:
    output:
        STATS_TABLES["c_sweep"],
    log:
        "logs/stats/c_sweep.log",
    benchmark:
        "benchmarks/stats/c_sweep.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        c_sweep=config["c_sweep"],
        seed=config["seed"],
    script:
        "../scripts/c_sweep.py"
