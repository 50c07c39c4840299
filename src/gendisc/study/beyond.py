"""The studies beyond the learning curves (issue 15): their registry, config and jobs.

Each study is one section of ``config["beyond"]`` and one entry of :data:`STUDIES`: a function
that turns the section into a design, the design's job cells (strings, used in file names), and
a function that runs one cell into a table. The workflow runs one job per cell, gathers the
cells (sorted: the same bytes for any job order or number of cores) and hands the table to
:func:`gendisc.stats.beyond.analyse`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from gendisc.data import generators
from gendisc.study import hybrid_study, missing_study, novelty_study, semisupervised_study
from gendisc.study.options import RunOptions


@dataclass(frozen=True)
class BeyondStudy:
    """One study: ``design(section) -> design``, ``cells(design) -> ids``,
    ``run(design, cell, seed, lr_C) -> table``, and the table's sort keys."""

    design: Callable[[Mapping[str, Any]], Any]
    cells: Callable[[Any], tuple[str, ...]]
    run: Callable[..., pd.DataFrame]
    sort_keys: tuple[str, ...]
    description: str


def _settings(section: Mapping[str, Any]) -> tuple[generators.Setting, ...]:
    return tuple(
        generators.Setting(
            family=f, n_features=int(section["n_features"]), level=float(lv),
            separation=float(section.get("separation", 2.0)), prior=float(section.get("prior", 0.5)),
        )
        for f in section["families"]
        for lv in section["levels"]
    )  # fmt: skip


# ------------------------------------------------------------------------------------- missing


def missing_design(section: Mapping[str, Any]) -> missing_study.MissingDesign:
    """The missing-features design of a config section (``beyond.missing``)."""
    return missing_study.MissingDesign(
        settings=_settings(section),
        m=tuple(int(v) for v in section["m"]),
        rates=tuple(float(v) for v in section["rates"]),
        mechanisms=tuple(section["mechanisms"]),
        where=tuple(section["where"]),
        methods=tuple(section["methods"]),
        replicates=int(section["replicates"]),
        n_test=int(section["n_test"]),
        pools=tuple(section.get("pools", ())),
        pool_m=tuple(int(v) for v in section.get("pool_m", ())),
        pool_replicates=int(section.get("pool_replicates", 0)),
    )


def _missing_cells(design: missing_study.MissingDesign) -> tuple[str, ...]:
    return _setting_cells(design) + missing_study.pool_cells(design)


def _setting_cells(design) -> tuple[str, ...]:
    """One job per setting (all its m: fewer processes to start than one per (setting, m))."""
    return tuple(s.id for s in design.settings)


def _cells_of(design, cell: str) -> list[tuple[generators.Setting, int]]:
    for s in design.settings:
        if s.id == cell:
            return [(s, m) for m in design.m]
    raise ValueError(f"no cell {cell!r} in this design; cells: {_setting_cells(design)}")


def _missing_run(design, cell: str, *, seed: int, lr_C: float, pool=None) -> pd.DataFrame:
    if cell in missing_study.pool_cells(design):
        if pool is None:
            raise ValueError(f"cell {cell!r} needs its prepared pool")
        name = cell.removeprefix(missing_study.POOL_PREFIX)
        return missing_study.run_pool(
            design, name, pool.X, pool.y, pool.n_categories, seed=seed, lr_C=lr_C
        )
    return missing_study.run(design, seed=seed, lr_C=lr_C, cells=_cells_of(design, cell))


# -------------------------------------------------------------------------------------- hybrid


def hybrid_design(section: Mapping[str, Any]) -> hybrid_study.HybridDesign:
    """The hybrid-training design of a config section (``beyond.hybrid``)."""
    return hybrid_study.HybridDesign(
        settings=_settings(section),
        m=tuple(int(v) for v in section["m"]),
        lambdas=tuple(float(v) for v in section["lambdas"]),
        models=tuple(section["models"]),
        replicates=int(section["replicates"]),
        n_test=int(section["n_test"]),
    )


def _hybrid_run(design, cell: str, *, seed: int, lr_C: float) -> pd.DataFrame:
    return hybrid_study.run(design, seed=seed, lr_C=lr_C, cells=_cells_of(design, cell))


# ------------------------------------------------------------------------------ semisupervised


def semisupervised_design(section: Mapping[str, Any]) -> semisupervised_study.SemiDesign:
    """The scarce-label design of a config section (``beyond.semisupervised``)."""
    return semisupervised_study.SemiDesign(
        settings=_settings(section),
        m=tuple(int(v) for v in section["m"]),
        unlabelled=tuple(int(v) for v in section["unlabelled"]),
        methods=tuple(section["methods"]),
        weight=float(section["weight"]),
        replicates=int(section["replicates"]),
        n_test=int(section["n_test"]),
        textbook_replicates=int(section["textbook_replicates"]),
    )


def _semi_run(design, cell: str, *, seed: int, lr_C: float) -> pd.DataFrame:
    return semisupervised_study.run(design, cell, seed=seed, lr_C=lr_C)


# ------------------------------------------------------------------------------------ novelty


def novelty_design(section: Mapping[str, Any]) -> novelty_study.NoveltyDesign:
    """The unusual-inputs design of a config section (``beyond.novelty``)."""
    digits = section.get("digits")
    return novelty_study.NoveltyDesign(
        settings=_settings(section),
        m=tuple(int(v) for v in section["m"]),
        shifts=tuple(section["shifts"]),
        scores=tuple(section["scores"]),
        digits=tuple(int(d) for d in digits) if digits else None,
        digits_m=tuple(int(v) for v in section["digits_m"]),
        replicates=int(section["replicates"]),
        n_test=int(section["n_test"]),
    )


def _novelty_run(design, cell: str, *, seed: int, lr_C: float) -> pd.DataFrame:
    return novelty_study.run(design, cell, seed=seed, lr_C=lr_C)


STUDIES: dict[str, BeyondStudy] = {
    "missing": BeyondStudy(
        design=missing_design,
        cells=_missing_cells,
        run=_missing_run,
        sort_keys=("setting", "m", "mechanism", "where", "rate", "method", "replicate"),
        description="error vs missing rate: marginalising Gaussians vs LR with imputation",
    ),
    "hybrid": BeyondStudy(
        design=hybrid_design,
        cells=_setting_cells,
        run=_hybrid_run,
        sort_keys=("setting", "m", "model", "lam", "replicate"),
        description="error vs λ of the Bouchard-Triggs hybrid of Gaussian NB / LDA and LR",
    ),
    "semisupervised": BeyondStudy(
        design=semisupervised_design,
        cells=lambda design: design.cells(),
        run=_semi_run,
        sort_keys=("setting", "m", "unlabelled", "method", "replicate"),
        description="m labels + U unlabelled: EM for NB / LDA vs self-training LR",
    ),
    "novelty": BeyondStudy(
        design=novelty_design,
        cells=lambda design: design.cells(),
        run=_novelty_run,
        sort_keys=("dataset", "m", "shift", "score", "replicate"),
        description="AUROC of -log p(x) vs LR confidence and Mahalanobis distance on unusual inputs",
    ),
}


def enabled(config: Mapping[str, Any]) -> tuple[str, ...]:
    """Names of the enabled studies of a (validated) config, in registry order."""
    section = config.get("beyond") or {}
    return tuple(n for n in STUDIES if (section.get(n) or {}).get("enabled", False))


def cells(config: Mapping[str, Any], name: str) -> tuple[str, ...]:
    """Job cells of an enabled study."""
    study = STUDIES[name]
    return study.cells(study.design(config["beyond"][name]))


def cell_inputs(config: Mapping[str, Any], name: str, cell: str) -> list[str]:
    """Files a cell's job reads: the prepared pool of a UCI pool cell, else nothing."""
    if name == "missing" and cell.startswith(missing_study.POOL_PREFIX):
        return [f"results/uci/pools/{cell.removeprefix(missing_study.POOL_PREFIX)}.parquet"]
    return []


def run_cell(
    name: str,
    section: Mapping[str, Any],
    cell: str,
    options: RunOptions,
    *,
    pool: Any = None,
) -> pd.DataFrame:
    """Run one cell of a study (the job of ``results/beyond/{name}/{cell}.parquet``).

    ``options`` are the run's options, passed whole like every job's: these studies use its
    base seed and ``lr_C`` (they fit their own models, not through the engine). ``pool`` is the
    prepared UCI pool (``gendisc.data.prepare.Prepared``) of a pool cell.
    """
    if name not in STUDIES:
        raise ValueError(f"unknown study {name!r}; known: {sorted(STUDIES)}")
    study = STUDIES[name]
    extra = {} if pool is None else {"pool": pool}
    return study.run(study.design(section), cell, seed=options.seed, lr_C=options.lr_C, **extra)


def combine(name: str, tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate the cells of a study, sorted by its keys (job order does not matter)."""
    table = pd.concat(tables, ignore_index=True)
    keys = list(STUDIES[name].sort_keys)
    return table.sort_values(keys, kind="mergesort").reset_index(drop=True)


def outputs(config: Mapping[str, Any]) -> list[str]:
    """Targets of the enabled studies (their claims go into results/claims.csv)."""
    return [f"results/beyond/{name}_paired.csv" for name in enabled(config)]


def report_tables(config: Mapping[str, Any]) -> dict[str, str]:
    """The paired tables the report reads, by its table name (``gendisc.report.common.Tables``)."""
    return {f"beyond_{name}": f"results/beyond/{name}_paired.csv" for name in enabled(config)}


def claim_files(config: Mapping[str, Any]) -> list[str]:
    """Claim rows of the enabled studies (the claims rule reads them as the table ``beyond``)."""
    return [f"results/beyond/{name}_claims.json" for name in enabled(config)]
