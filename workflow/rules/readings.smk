# Scores of the readings of the paper that change the pools or the test sets (issue 13): each
# alternative on the panels with the paper's values, a few splits per m. Off unless
# uci.reading_scores.replicates > 0; the report's readings table shows them when present.
from gendisc.study import reading_scores  # noqa: E402


rule reading_scores:
    input:
        [str(DATA_CACHE / name) for name in reading_scores.files_needed()],
    output:
        reading_scores.TABLE,
    log:
        "logs/reading_scores.log",
    benchmark:
        "benchmarks/reading_scores.tsv"
    conda:
        ENV
    resources:
        mem_mb=3000,
        runtime=60,
    params:
        options=OPTIONS,
        readings=config["uci"]["readings"],
        missing=config["uci"]["missing"],
        accept=config["accept_checksums"],
        replicates=reading_scores.n_splits(config),
    script:
        "../scripts/reading_scores.py"
