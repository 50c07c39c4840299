# The self-contained HTML report, and copies of the result tables beside it.


rule report:
    input:
        errors="results/errors.parquet",
        summary="results/summary.csv",
    output:
        html="reports/report.html",
        errors="reports/errors.parquet",
        summary="reports/summary.csv",
        figures=report(
            directory("reports/figures"),
            patterns=["{name}.png"],
            caption="../report/figures.rst",
            category="Figures",
        ),
    log:
        "logs/report.log",
    benchmark:
        "benchmarks/report.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=15,
    params:
        config=config,
        benchmarks="benchmarks",
        skipped=UCI_SKIPPED,
    script:
        "../scripts/report.py"
