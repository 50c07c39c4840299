# The study design derived from the validated config (included after `validate`).

DATA_CACHE = Path("data/uci")

try:
    CELLS = {
        s: study_config.synthetic_cells(config, s)
        for s in study_config.SYNTHETIC_STUDIES
    }
    UCI_SKIPPED = study_config.uci_availability(
        config,
        DATA_CACHE,
        lambda url: storage.url_reachable(url, config["uci"]["probe_timeout"]),
    )
    UCI_CELLS = [
        c for c in study_config.uci_cells(config) if c.dataset not in UCI_SKIPPED
    ]
except ValueError as exc:  # e.g. an unknown dataset file; checked again here for safety
    raise WorkflowError(f"Invalid config: {exc}") from None
# A truncated or overwritten intermediate is never read: delete it so that it is rebuilt.
for _path in storage.remove_corrupt_parquet("results"):
    logger.warning(
        f"{_path} was not a complete Parquet file; removed, it will be rebuilt"
    )
for _name, _why in UCI_SKIPPED.items():
    logger.warning(f"UCI dataset {_name} skipped: {_why}")
UCI_CHUNKS = experiment.chunks(config["uci"]["replicates"], config["uci"]["chunk_size"])
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
    s: experiment.chunks(config[s]["replicates"], config[s]["chunk_size"])
    for s in study_config.SYNTHETIC_STUDIES
}
#: the largest simulate job's estimated work (scales the jobs' priorities)
MAX_CHUNK_WORK = max(
    chunk_work(study, sid, chunk)
    for study in study_config.SYNTHETIC_STUDIES
    for sid in SETTINGS[study]
    for chunk in CHUNKS[study]
)
CONFIG_HASH = storage.config_hash(config)
GIT_COMMIT = storage.git_commit(workflow.basedir)

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
    "claims_sensitivity": "results/claims_sensitivity.csv",
}
