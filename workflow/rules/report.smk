# The self-contained HTML report, its figures, and copies of the result tables beside it.


rule report:
    input:
        **REPORT_TABLES,
        **beyond_studies.report_tables(config),
        **reading_scores.report_tables(config),
        errors=TABLES["errors"],
        summary=TABLES["summary"],
    output:
        html=report(
            "reports/report.html",
            caption="../report/report.rst",
            category="Report",
        ),
        errors="reports/errors.parquet",
        summary="reports/summary.csv",
        claims=report(
            "reports/claims.csv",
            caption="../report/claims.rst",
            category="Claims",
        ),
        tables=[
            f"reports/{Path(p).name}"
            for k, p in REPORT_TABLES.items()
            if k != "claims"
        ],
        shown=directory("reports/tables"),
        figures=report(
            directory("reports/figures"),
            patterns=["{name}.png"],
            caption="../report/figures.rst",
            category="Figures",
            subcategory="{name}",
        ),
    log:
        "logs/report.log",
    benchmark:
        "benchmarks/report.tsv"
    conda:
        ENV
    threads: 2
    resources:
        mem_mb=4000,
        runtime=15,
    params:
        config=config,
        benchmarks="benchmarks",
        skipped=UCI_SKIPPED,
        tables=list(REPORT_TABLES)
        + list(beyond_studies.report_tables(config))
        + list(reading_scores.report_tables(config)),
    script:
        "../scripts/report.py"
