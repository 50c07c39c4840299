# Studies beyond the learning curves (issue 15): missing features, hybrid training, scarce
# labels, unusual inputs. One job per setting, one table per study; its claim rows go to the
# claims rule (results/claims.csv) and its paired table to the report.
from gendisc.study import beyond as beyond_studies  # noqa: E402

BEYOND = beyond_studies.enabled(config)
# cross-field checks of the enabled sections, before any job runs
for _name in BEYOND:
    try:
        beyond_studies.cells(config, _name)
    except ValueError as exc:
        raise WorkflowError(f"Invalid config: beyond.{_name}: {exc}") from None


wildcard_constraints:
    bstudy="|".join(beyond_studies.STUDIES),
    cell=NAME,


rule beyond_cell:
    input:
        lambda w: beyond_studies.cell_inputs(config, w.bstudy, w.cell),
    output:
        "results/beyond/{bstudy}/{cell}.parquet",
    log:
        "logs/beyond/{bstudy}/{cell}.log",
    benchmark:
        "benchmarks/beyond/{bstudy}/{cell}.tsv"
    conda:
        ENV
    resources:
        mem_mb=1000,
        runtime=30,
    params:
        section=lambda w: config["beyond"][w.bstudy],
        options=OPTIONS,
        provenance=provenance(),
    script:
        "../scripts/beyond_cell.py"


rule beyond_table:
    input:
        cells=lambda w: [
            f"results/beyond/{w.bstudy}/{c}.parquet"
            for c in beyond_studies.cells(config, w.bstudy)
        ],
    output:
        table="results/beyond/{bstudy}.parquet",
        paired="results/beyond/{bstudy}_paired.csv",
        claims="results/beyond/{bstudy}_claims.json",
    log:
        "logs/beyond/{bstudy}.log",
    benchmark:
        "benchmarks/beyond/{bstudy}.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        alpha=config["stats"]["alpha"],
        provenance=provenance(),
    script:
        "../scripts/beyond_table.py"
