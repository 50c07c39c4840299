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
        lambda url: runtime.url_reachable(url, config["uci"]["probe_timeout"]),
    )
    UCI_CELLS = [
        c for c in study_config.uci_cells(config) if c.dataset not in UCI_SKIPPED
    ]
except ValueError as exc:  # e.g. an unknown dataset file; checked again here for safety
    raise WorkflowError(f"Invalid config: {exc}") from None
for _name, _why in UCI_SKIPPED.items():
    logger.warning(f"UCI dataset {_name} skipped: {_why}")
UCI_CHUNKS = chunks.chunks(config["uci"]["replicates"], config["uci"]["chunk_size"])
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
    s: chunks.chunks(config[s]["replicates"], config[s]["chunk_size"])
    for s in study_config.SYNTHETIC_STUDIES
}
#: the largest simulate job's estimated work (scales the jobs' priorities)
MAX_CHUNK_WORK = max(
    chunk_work(study, sid, chunk)
    for study in study_config.SYNTHETIC_STUDIES
    for sid in SETTINGS[study]
    for chunk in CHUNKS[study]
)
CONFIG_HASH = runtime.config_hash(config)
GIT_COMMIT = runtime.git_commit(workflow.basedir)

CALIBRATION = study_config.calibration_design(config)

#: the run's options (seed, engine, lr_C, sizes), built once; jobs get them as one dict
OPTIONS = RunOptions.from_config(config).as_params()
#: output tables by name (gendisc.study.outputs): the rules take their paths from here
TABLES = outputs.paths()
#: the statistics' result tables, by name
STATS_TABLES = outputs.paths("stats")
#: the statistics' tables the report reads and copies beside itself, by name
REPORT_TABLES = {
    n: t.path for n, t in outputs.report_tables().items() if t.kind == "stats"
}
