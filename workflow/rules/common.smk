# Helpers for the rules: the study design derived from the validated config.
import dataclasses
import os
import sys
from pathlib import Path

import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate as schema_validate

SRC = str(Path(workflow.basedir) / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)
# Scripts run in child processes (and, on a cluster, in other Snakemake instances that parse
# this file again): prepend the package to their import path. We *set* this variable rather
# than require it from the user, so it is not declared with `envvars:`.
os.environ.update(
    PYTHONPATH=os.pathsep.join(
        [SRC, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    )
)

from gendisc.data import datasets  # noqa: E402
from gendisc.study import chunks  # noqa: E402
from gendisc.study import design as study_config  # noqa: E402
from gendisc.study import outputs, runtime, validation  # noqa: E402
from gendisc.study.options import RunOptions  # noqa: E402
from gendisc.stats.pool_variance import VARIANCE_REPLICATES  # noqa: E402

# Compute jobs (child processes) keep freed memory for their next batch (gendisc.study.runtime).
os.environ.update(runtime.allocator_env(os.environ))

# Defaults shared by the rules, in one place; each rule states only what differs.
# - conda: every rule names ENV (one environment for the workflow; `snakemake --lint` wants
#   the directive on each rule, and Snakemake has no per-workflow default for it);
# - threads: 1, Snakemake's own default (only the report states more);
# - resources: each compute rule states its own mem_mb and runtime (they differ by rule); the
#   rest (cpus_per_task, SLURM partition and account) is the profile's default-resources
#   (profiles/slurm; the local profile sets none, so it cannot replace that block).
ENV = "../../environment.yml"
# wildcard names used in paths: no "." or ".." (path traversal), no hidden files
NAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"


wildcard_constraints:
    study="|".join(study_config.SYNTHETIC_STUDIES),
    dataset=NAME,
    file=NAME,
    setting=NAME,
    family=r"[a-z_]+",
    pair=r"[a-z_]+",
    chunk=r"\d+",


def validate(config, schema):
    """Validate the config before any job: JSON Schema (Snakemake's validator, which also
    fills in the defaults), then the checks of gendisc.study.design (integers, finite numbers,
    cross-field rules, name collisions, the job count and memory estimate). Any problem stops
    the run with one message naming the key and what is allowed. Reads only the config.
    """
    try:
        schema_validate(config, schema)
    except WorkflowError as exc:
        cause = exc.__cause__ or exc.__context__
        if not hasattr(cause, "absolute_path"):
            raise
        raise WorkflowError(
            f"Invalid config: {validation.schema_error_message(cause)}"
        ) from None
    try:
        with open(Path(workflow.basedir) / schema, encoding="utf-8") as fh:
            study_config.check(config, schema=yaml.safe_load(fh))
    except ValueError as exc:
        raise WorkflowError(f"Invalid config: {exc}") from None


def setting_of(wildcards):
    """The Setting (as a dict) named by the wildcards."""
    try:
        setting = SETTINGS[wildcards.study][wildcards.setting]
    except KeyError:
        raise WorkflowError(
            f"no setting {wildcards.setting!r} in study {wildcards.study!r} of this config"
        ) from None
    return dataclasses.asdict(setting)


def setting_pairs(wildcards):
    """The pairs run on the setting named by the wildcards, in config order."""
    return [c.pair for c in CELLS[wildcards.study] if c.setting.id == wildcards.setting]


def chunk_work(study, setting_id, chunk):
    """Estimated work of a simulate job (gendisc.study.chunks.chunk_work)."""
    return chunks.chunk_work(
        SETTINGS[study][setting_id].n_features,
        sum(c.setting.id == setting_id for c in CELLS[study]),
        config[study]["m"],
        chunk.stop - chunk.start,
        config["n_test"],
    )


def simulate_priority(wildcards):
    """Largest simulate jobs first (1..90); UCI and reference jobs (100) before them.

    Snakemake picks among ready jobs by priority; without it, a long job can start last
    while the other cores idle. Longest-first is the classic rule for packing jobs on a few
    cores (UCI jobs include the longest ones; reference jobs unlock the simulate jobs).
    """
    chunk = CHUNKS[wildcards.study][int(wildcards.chunk)]
    work = chunk_work(wildcards.study, wildcards.setting, chunk)
    return 1 + int(89 * work / MAX_CHUNK_WORK)


def chunk_replicates(wildcards):
    """[start, stop) of the replicates of a chunk."""
    chunk = CHUNKS[wildcards.study][int(wildcards.chunk)]
    return [chunk.start, chunk.stop]


def source_file(wildcards):
    """The registry entry (as a dict) of a UCI source file."""
    try:
        return dataclasses.asdict(UCI_FILES[wildcards.file])
    except KeyError:
        raise WorkflowError(
            f"no UCI source file {wildcards.file!r} in this config"
        ) from None


def dataset_files(wildcards):
    """The cached source files of a dataset."""
    return [
        str(DATA_CACHE / f.name) for f in datasets.DATASETS[wildcards.dataset].files
    ]


def uci_cell(wildcards):
    """The UCI cell (dataset, pair, m grid) named by the wildcards."""
    for cell in UCI_CELLS:
        if cell.dataset == wildcards.dataset and cell.pair == wildcards.pair:
            return cell
    raise WorkflowError(
        f"no UCI cell {wildcards.dataset}/{wildcards.pair} in this config"
    )


def uci_chunk_replicates(wildcards):
    """[start, stop) of the replicates of a UCI chunk."""
    chunk = UCI_CHUNKS[int(wildcards.chunk)]
    return [chunk.start, chunk.stop]


def uci_chunk_files():
    """Every chunk output of the UCI study."""
    return [
        f"results/chunks/uci/{cell.dataset}/{cell.pair}/{chunk.index}.parquet"
        for cell in UCI_CELLS
        for chunk in UCI_CHUNKS
    ]


def chunk_files(study):
    """Every chunk output of a study (one per setting and chunk, all pairs in it)."""
    return [
        f"results/chunks/{study}/{sid}/{chunk.index}.parquet"
        for sid in SETTINGS[study]
        for chunk in CHUNKS[study]
    ]


def family_settings(wildcards):
    """The settings (as dicts) of one family in a study, each with the pairs run on it."""
    out = []
    for sid, setting in SETTINGS[wildcards.study].items():
        if setting.family == wildcards.family:
            pairs = [c.pair for c in CELLS[wildcards.study] if c.setting.id == sid]
            out.append({"setting": dataclasses.asdict(setting), "pairs": pairs})
    if not out:
        raise WorkflowError(
            f"no family {wildcards.family!r} in study {wildcards.study!r}"
        )
    return out


def reference_of(wildcards):
    """The reference output that holds a setting's Bayes error."""
    family = SETTINGS[wildcards.study][wildcards.setting].family
    return f"results/reference/{wildcards.study}/{family}.json"


def reference_files(study):
    """Every reference output (Bayes and asymptotic errors) of a study: one per family."""
    families = sorted({s.family for s in SETTINGS[study].values()})
    return [f"results/reference/{study}/{family}.json" for family in families]


def parameter_settings():
    """The settings (as dicts) of naive Bayes' parameter convergence: the dimension sweep in
    Ng & Jordan's regime (none when that study is off)."""
    return [
        dataclasses.asdict(cell.setting)
        for cell in CELLS["dimension_theorem"]
        if cell.pair == CELLS["dimension_theorem"][0].pair
    ]


def all_chunk_files():
    """Every chunk of every study."""
    synthetic = [f for s in study_config.SYNTHETIC_STUDIES for f in chunk_files(s)]
    return synthetic + uci_chunk_files()


def all_reference_files():
    """Every reference output of every synthetic study."""
    return [f for s in study_config.SYNTHETIC_STUDIES for f in reference_files(s)]


def provenance():
    """Provenance stored in the results' Parquet metadata (no timestamps: byte-stable)."""
    return {
        "config_hash": CONFIG_HASH,
        "git_commit": GIT_COMMIT,
        "packages": runtime.package_versions(),
        "seed": config["seed"],
        "engine": config["engine"],
    }


def uci_variance_files():
    """Every UCI dataset's variance-parts output (the pool interval of the stats). None under
    the fixed held-out test set (its splits are not those the parts recompute): the UCI cells
    keep the Nadeau-Bengio interval there."""
    if config["uci"]["readings"]["test_set"] == "fixed_held_out":
        return []
    # config order, each dataset once
    datasets = dict.fromkeys(cell.dataset for cell in UCI_CELLS)
    return [f"results/uci/variance/{name}.csv" for name in datasets]


def uci_dataset_cells(wildcards):
    """The UCI cells of one dataset (one job computes the variance parts of all its pairs),
    as dicts ``{"pair", "m"}`` in config order."""
    cells = [
        {"pair": c.pair, "m": list(c.m)}
        for c in UCI_CELLS
        if c.dataset == wildcards.dataset
    ]
    if not cells:
        raise WorkflowError(
            f"no UCI cell of dataset {wildcards.dataset!r} in this config"
        )
    return cells


def calibration_variance_files():
    """Every pool size's variance-parts output of the calibration study."""
    return [
        f"results/calibration/variance/N{size}.csv" for size in CALIBRATION.pool_sizes
    ]


def calibration_pool_files():
    """Every pool-size output of the calibration study."""
    return [
        f"results/calibration/pools/N{size}.parquet" for size in CALIBRATION.pool_sizes
    ]


def final_outputs():
    """Targets of the `all` rule; every registered output table and the report."""
    return [*outputs.paths().values(), "reports/report.html"]
