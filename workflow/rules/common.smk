# Helpers for the rules: the study design derived from the validated config.
import dataclasses
import os
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

SRC = str(Path(workflow.basedir) / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)
# scripts run in child processes: let them import the same package
os.environ["PYTHONPATH"] = os.pathsep.join(
    [SRC, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)

from gendisc import config as study_config  # noqa: E402
from gendisc import io as gio  # noqa: E402
from gendisc import protocol  # noqa: E402

ENV = "../../environment.yml"
NAME = r"[A-Za-z0-9_.-]+"

wildcard_constraints:
    study=r"synthetic|dimension|calibration",
    setting=NAME,
    pair=r"[a-z_]+",
    chunk=r"\d+",


try:
    study_config.check(config)
    CELLS = {"synthetic": study_config.synthetic_cells(config, "synthetic")}
except ValueError as exc:
    raise WorkflowError(f"Invalid config: {exc}") from None

SETTINGS = {
    study: {cell.setting.id: cell.setting for cell in cells} for study, cells in CELLS.items()
}
CHUNKS = protocol.chunks(config["replicates"], config["chunk_size"])
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
    chunk = CHUNKS[int(wildcards.chunk)]
    return [chunk.start, chunk.stop]


def chunk_files(study):
    """Every chunk output of a study."""
    return [
        f"results/chunks/{study}/{cell.setting.id}/{cell.pair}/{chunk.index}.parquet"
        for cell in CELLS[study]
        for chunk in CHUNKS
    ]


def asymptote_files(study):
    """Every asymptotic-error output of a study."""
    return [
        f"results/asymptotic/{study}/{cell.setting.id}/{cell.pair}.parquet"
        for cell in CELLS[study]
    ]


def provenance():
    """Provenance stored in the results' Parquet metadata (no timestamps: byte-stable)."""
    return {
        "config_hash": CONFIG_HASH,
        "git_commit": GIT_COMMIT,
        "packages": gio.package_versions(),
        "seed": config["seed"],
        "engine": config["engine"],
    }


def final_outputs():
    """Targets of `rule all`."""
    return [
        "results/errors.parquet",
        "results/summary.csv",
        "reports/report.html",
    ]
