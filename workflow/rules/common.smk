# Helpers for the rules: the study design derived from the validated config.
import dataclasses
import os
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

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

from gendisc import config as study_config  # noqa: E402
from gendisc import datasets  # noqa: E402
from gendisc import io as gio  # noqa: E402
from gendisc import protocol  # noqa: E402

ENV = "../../environment.yml"
NAME = r"[A-Za-z0-9_.-]+"


wildcard_constraints:
    study=r"synthetic|dimension|efron",
    dataset=NAME,
    file=NAME,
    setting=NAME,
    family=r"[a-z_]+",
    pair=r"[a-z_]+",
    chunk=r"\d+",


DATA_CACHE = Path("data/uci")

try:
    validate(config, "../../config/config.schema.yaml")
except WorkflowError as exc:
    _cause = exc.__cause__ or exc.__context__
    if not hasattr(_cause, "absolute_path"):
        raise
    raise WorkflowError(
        f"Invalid config: {study_config.schema_error_message(_cause)}"
    ) from None
try:
    study_config.check(config)
    CELLS = {
        s: study_config.synthetic_cells(config, s)
        for s in study_config.SYNTHETIC_STUDIES
    }
    UCI_SKIPPED = study_config.uci_availability(
        config,
        DATA_CACHE,
        lambda url: gio.url_reachable(url, config["uci"]["probe_timeout"]),
    )
    UCI_CELLS = [
        c for c in study_config.uci_cells(config) if c.dataset not in UCI_SKIPPED
    ]
except ValueError as exc:
    raise WorkflowError(f"Invalid config: {exc}") from None
for _name, _why in UCI_SKIPPED.items():
    logger.warning(f"UCI dataset {_name} skipped: {_why}")
UCI_CHUNKS = protocol.chunks(config["uci"]["replicates"], config["uci"]["chunk_size"])
UCI_FILES = {
    f.name: f
    for name in config["uci"]["datasets"]
    for f in datasets.DATASETS[name].files
}

SETTINGS = {
    study: {cell.setting.id: cell.setting for cell in cells}
    for study, cells in CELLS.items()
}
CHUNKS = {
    s: protocol.chunks(config[s]["replicates"], config[s]["chunk_size"])
    for s in study_config.SYNTHETIC_STUDIES
}
CONFIG_HASH = gio.config_hash(config)
GIT_COMMIT = gio.git_commit(workflow.basedir)


def setting_of(wildcards):
    """The Setting (as a dict) named by the wildcards."""
    try:
        setting = SETTINGS[wildcards.study][wildcards.setting]
    except KeyError:
        raise WorkflowError(
            f"no setting {wildcards.setting!r} in study {wildcards.study!r} of this config"
        ) from None
    return dataclasses.asdict(setting)


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
    """Every chunk output of a study."""
    return [
        f"results/chunks/{study}/{cell.setting.id}/{cell.pair}/{chunk.index}.parquet"
        for cell in CELLS[study]
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
        "packages": gio.package_versions(),
        "seed": config["seed"],
        "engine": config["engine"],
    }


CALIBRATION = study_config.calibration_design(config)

#: the statistics' result tables (workflow/rules/stats.smk), by name; inputs of the report
STATS_TABLES = {
    "cells": "results/cells.csv",
    "curves": "results/curves.csv",
    "crossovers": "results/crossovers.csv",
    "m_epsilon": "results/m_epsilon.csv",
    "sample_complexity": "results/sample_complexity.csv",
    "efron": "results/efron.csv",
    "misspecification": "results/misspecification.csv",
    "level_trends": "results/level_trends.csv",
    "calibration": "results/calibration.csv",
    "claims": "results/claims.csv",
    "across_datasets": "results/across_datasets.csv",
}


def calibration_pool_files():
    """Every pool-size output of the calibration study."""
    return [
        f"results/calibration/pools/N{size}.parquet" for size in CALIBRATION.pool_sizes
    ]


def final_outputs():
    """Targets of `rule all`."""
    return [
        "results/errors.parquet",
        "results/summary.csv",
        "results/calibration_errors.parquet",
        *STATS_TABLES.values(),
        "reports/report.html",
    ]
