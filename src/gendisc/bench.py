"""Benchmark harness (``make bench``): gendisc vs the obvious alternative, measured in one run.

Three ways to compute the same cells:

1. **peer** — what a user would write: a Python loop calling the scikit-learn estimators
   once per (cell, replicate), single process;
2. **in-process** — gendisc's fast engine on the same training and test arrays;
3. **pipeline** — ``snakemake --cores 2`` on a config covering those cells (its chunk jobs,
   after the reference jobs they depend on), compared with the same chunks computed and
   written to Parquet in one process: efficiency = (in-process time / 2) / pipeline wall.

4. **random separator** (issue 13) — hit-and-run draws per second, batched over replicates
   and one at a time, and separability tests per second (NNLS, LP): :mod:`gendisc.bench_sampler`.

5. **training cost** (issue 15 §5) — CPU time per fit of each model vs m and vs n, one BLAS
   thread, with the fitted exponent of time ~ size ** exponent (``--cost-only`` runs just this).

6. **beyond** (issue 18) — the beyond studies' work vs a straightforward reference, same data,
   same answers: EM, the reduced model's imputation fits, the hybrid fit
   (:mod:`gendisc.bench_beyond`).

With ``--full`` the default study runs once (``snakemake --cores 2``): its wall time, and from
its ``benchmarks/`` files the summed job seconds (wall and CPU) and peak memory per rule.

Every figure is the median of ``repeats`` runs, with min and max. Results are printed and
written to ``benchmarks/bench.json``. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from threadpoolctl import threadpool_limits

from gendisc import bench_beyond, bench_cost, bench_sampler
from gendisc.data import generators
from gendisc.models import engine
from gendisc.models.constants import DEFAULT_LR_C, FAST_ENGINE
from gendisc.models.pairs import PAIRS
from gendisc.study import chunks as study_chunks
from gendisc.study import reference, replicates, runtime, seeding, storage
from gendisc.study.options import RunOptions

#: the cells measured: (family, level, n_features, pair)
CELLS: tuple[tuple[str, float, int, str], ...] = (
    ("correlated_gaussian", 0.5, 16, "nb_lr"),
    ("correlated_gaussian", 0.5, 16, "gnb_lr"),
    ("correlated_gaussian", 0.5, 16, "lda_lr"),
    ("dependent_binary", 0.5, 16, "bnb_lr"),
)
M_GRID: tuple[int, ...] = (8, 32, 128, 512)
SEED = 12345
N_TEST = 2000
PIPELINE_REPLICATES = 4800
PIPELINE_CHUNK = 2400


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median": float(statistics.median(values)),
        "min": float(min(values)),
        "max": float(max(values)),
    }


def _timed(func: Callable[..., Any], *args: Any) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def draw_cells(replicates: int) -> list[dict[str, Any]]:
    """The training/test arrays of every bench cell (same draws for peer and gendisc)."""
    cells = []
    for family, level, n, pair in CELLS:
        setting = generators.Setting(family, n, level)
        for m in M_GRID:
            draws = []
            for r in range(replicates):
                gen = seeding.rng(SEED, "bench", setting.id, pair, m, r)
                x_tr, y_tr = generators.sample(setting, m, gen, both_classes=True)
                x_te, y_te = generators.sample(setting, N_TEST, gen)
                draws.append((x_tr, y_tr, x_te, y_te))
            arrays = [np.stack([d[i] for d in draws]) for i in range(4)]
            cells.append(
                {"pair": pair, "arrays": arrays, "n_categories": generators.n_categories(setting)}
            )
    return cells


def peer(cells: list[dict[str, Any]], lr_C: float = DEFAULT_LR_C) -> np.ndarray:
    """The peer: one scikit-learn fit and predict per (cell, replicate, model)."""
    errors = []
    for cell in cells:
        x_tr, y_tr, x_te, y_te = cell["arrays"]
        for r in range(len(x_tr)):
            gen_est, disc_est = PAIRS[cell["pair"]].make_estimators(
                lr_C=lr_C, n_categories=cell["n_categories"]
            )
            for est in (gen_est, disc_est):
                est.fit(x_tr[r], y_tr[r])
                errors.append(np.mean(est.predict(x_te[r]) != y_te[r]))
    return np.asarray(errors)


def in_process(cells: list[dict[str, Any]], lr_C: float = DEFAULT_LR_C) -> np.ndarray:
    """gendisc's fast engine on the same arrays."""
    out = []
    for cell in cells:
        res = engine.evaluate_pair(
            cell["pair"],
            *cell["arrays"],
            engine=FAST_ENGINE,
            lr_C=lr_C,
            n_categories=cell["n_categories"],
        )
        out.append(res.test_error.ravel())
    return np.concatenate(out)


def pipeline_config() -> dict[str, Any]:
    """A config whose synthetic study is exactly the bench cells (other studies tiny)."""
    tiny = {
        "families": ["correlated_gaussian"],
        "levels": [0.0],
        "n_features": [2],
        "m": [4],
        "replicates": 2,
        "chunk_size": 2,
    }
    return {
        "seed": SEED,
        "n_test": N_TEST,
        "synthetic": {
            "families": sorted({c[0] for c in CELLS}),
            "levels": [0.5],
            "n_features": [16],
            "m": list(M_GRID),
            "pairs": sorted({c[3] for c in CELLS}),
            "replicates": PIPELINE_REPLICATES,
            "chunk_size": PIPELINE_CHUNK,
        },
        "asymptotic": {"n_train": 20000, "n_test": 20000},
        "bayes": {"n_mc": 100000},
        "dimension": {**tiny, "pairs": ["nb_lr"]},
        "efron": {**tiny, "pairs": ["lda_lr"]},
        "uci": {"datasets": []},
    }


def bench_settings() -> dict[generators.Setting, list[str]]:
    """The settings of the bench cells, each with its pairs (in the order of CELLS)."""
    out: dict[generators.Setting, list[str]] = {}
    for family, level, n, pair in CELLS:
        out.setdefault(generators.Setting(family, n, level), []).append(pair)
    return out


def pipeline_targets(config: dict[str, Any]) -> list[str]:
    """The chunk outputs of the synthetic study of ``config`` (one per setting and chunk)."""
    sec = config["synthetic"]
    chunks = study_chunks.chunks(sec["replicates"], sec["chunk_size"])
    return [
        f"results/chunks/synthetic/{setting.id}/{c.index}.parquet"
        for setting in bench_settings()
        for c in chunks
    ]


def family_references(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The reference values (Bayes errors) of the bench settings, one entry per family."""
    by_family: dict[str, list[dict[str, Any]]] = {}
    for family, level, n, pair in CELLS:
        setting = dataclasses.asdict(generators.Setting(family, n, level))
        entries = by_family.setdefault(family, [])
        match = [e for e in entries if e["setting"] == setting]
        if match:
            match[0]["pairs"].append(pair)
        else:
            entries.append({"setting": setting, "pairs": [pair]})
    return {
        family: reference.family_reference(entries, _options(config))
        for family, entries in by_family.items()
    }


def in_process_pipeline_work(
    config: dict[str, Any], refs: dict[str, dict[str, Any]], out: Path
) -> None:
    """The pipeline's chunk jobs for the bench targets, in one process, written to Parquet."""
    sec = config["synthetic"]
    for setting, pairs in bench_settings().items():
        for chunk in study_chunks.chunks(sec["replicates"], sec["chunk_size"]):
            frame = replicates.setting_chunk(
                setting,
                pairs,
                sec["m"],
                chunk.replicates,
                _options(config),
                bayes_error=reference.bayes_of(refs[setting.family], setting.id),
            )
            storage.write_parquet(out / f"{setting.id}-{chunk.index}.parquet", frame)


def _options(config: dict[str, Any]) -> RunOptions:
    """The run options of a bench config (the study's defaults for engine and lr_C)."""
    return RunOptions(
        seed=config["seed"],
        n_test=config["n_test"],
        n_mc=config["bayes"]["n_mc"],
        asymptotic_n_train=config["asymptotic"]["n_train"],
        asymptotic_n_test=config["asymptotic"]["n_test"],
    )


def _snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / "snakemake")
    return runtime.run_snakemake(workdir, *args, snakemake=exe, timeout=24 * 3600)


def _max_rss(benchmarks: Path) -> float:
    return float(runtime.benchmark_facts(benchmarks)["max_rss_mb"])


def per_rule_seconds(benchmarks: Path) -> dict[str, dict[str, float]]:
    """Jobs, summed job seconds (wall ``s`` and ``cpu_time``) and peak RSS per rule, from the
    Snakemake ``benchmark:`` files below ``benchmarks`` (``<rule>/...``; the beyond studies'
    files are split by study, ``beyond/<study>``)."""
    import pandas as pd

    out: dict[str, dict[str, float]] = {}
    for path in sorted(benchmarks.rglob("*.tsv")):
        parts = path.relative_to(benchmarks).with_suffix("").parts
        key = "/".join(parts[:2]) if parts[0] == "beyond" and len(parts) > 1 else parts[0]
        try:
            frame = pd.read_csv(path, sep="\t")
        except (OSError, ValueError, pd.errors.EmptyDataError):
            continue
        row = out.setdefault(
            key, {"jobs": 0, "job_seconds": 0.0, "cpu_seconds": 0.0, "max_rss_mb": 0.0}
        )
        row["jobs"] += 1
        row["job_seconds"] += float(frame["s"].sum())
        row["cpu_seconds"] += float(pd.to_numeric(frame.get("cpu_time"), errors="coerce").sum())
        rss = pd.to_numeric(frame.get("max_rss"), errors="coerce").max()
        row["max_rss_mb"] = max(row["max_rss_mb"], float(rss) if rss == rss else 0.0)
    return {k: {f: round(v, 1) for f, v in row.items()} for k, row in sorted(out.items())}


def run(repo: Path, repeats: int, full: bool, mirror: str | None) -> dict[str, Any]:
    """Run every measurement and return the figures (see module docstring).

    In-process measurements use one BLAS thread, as every pipeline job does (Snakemake sets
    ``OPENBLAS_NUM_THREADS`` etc. to the job's ``threads``), so that all three compare
    single-core work.
    """
    with threadpool_limits(limits=1):
        return _run(repo, repeats, full, mirror)


def _run(repo: Path, repeats: int, full: bool, mirror: str | None) -> dict[str, Any]:
    peer_reps, engine_reps = 25, 200
    peer_cells = draw_cells(peer_reps)
    engine_cells = draw_cells(engine_reps)
    n_peer_fits = 2 * peer_reps * len(peer_cells)
    n_engine_fits = 2 * engine_reps * len(engine_cells)
    peer_fps = [n_peer_fits / _timed(lambda: peer(peer_cells)) for _ in range(repeats)]
    engine_fps = [n_engine_fits / _timed(lambda: in_process(engine_cells)) for _ in range(repeats)]
    # agreement on the peer's cells (same arrays, same replicates)
    agree = float(np.mean(np.isclose(peer(peer_cells), in_process(peer_cells), atol=1e-12)))

    config = pipeline_config()
    targets = pipeline_targets(config)
    refs = family_references(config)
    inproc_s, pipe_s, rss, jobs = [], [], [], 0
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            inproc_s.append(_timed(in_process_pipeline_work, config, refs, Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            work = runtime.copy_workflow(repo, Path(tmp))
            (work / "bench.yaml").write_text(yaml.safe_dump(config))
            args = ["--configfile", "bench.yaml", "--cores", "2"]
            # the reference jobs (Bayes errors) first, untimed: both sides time the chunks
            _snakemake(work, *targets, *args, "--until", "reference")
            dry = _snakemake(work, "-n", *args, *targets)
            jobs = int(re.search(r"^total\s+(\d+)", dry.stdout, re.M).group(1))
            pipe_s.append(_timed(_snakemake, work, *args, *targets))
            rss.append(_max_rss(work / "benchmarks" / "simulate"))
    n_pipe_fits = 2 * len(CELLS) * PIPELINE_REPLICATES * len(M_GRID)

    with tempfile.TemporaryDirectory() as tmp:
        work = runtime.copy_workflow(repo, Path(tmp))
        extra = ["--config", f"data_mirror={mirror}"] if mirror else []
        default_jobs = _snakemake(work, "-n", *extra).stdout
        dryrun = [_timed(lambda: _snakemake(work, "-n", *extra)) for _ in range(repeats)]
        out: dict[str, Any] = {
            "machine": {
                "cores": os.cpu_count(),
                "processor": platform.processor() or platform.machine(),
                "python": platform.python_version(),
            },
            "peer_fits_per_second": _stats(peer_fps),
            "inprocess_fits_per_second": _stats(engine_fps),
            "speedup_vs_peer": _stats([e / p for e, p in zip(engine_fps, peer_fps, strict=True)]),
            "peer_vs_fast_error_agreement": agree,
            "pipeline_fits_per_second": _stats([n_pipe_fits / s for s in pipe_s]),
            "pipeline_wall_seconds": _stats(pipe_s),
            "inprocess_same_work_seconds": _stats(inproc_s),
            "pipeline_efficiency": _stats(
                [(i / 2) / p for i, p in zip(inproc_s, pipe_s, strict=True)]
            ),
            "pipeline_jobs": jobs,
            "jobs": int(re.search(r"^total\s+(\d+)", default_jobs, re.M).group(1)),
            "dryrun_seconds": _stats(dryrun),
            "max_rss_mb": _stats(rss),
            "random_separator": bench_sampler.sampler_cost(repeats),
            "beyond": bench_beyond.beyond_cost(repeats),
        }
        if full:
            out["full_study_seconds"] = _timed(lambda: _snakemake(work, "--cores", "2", *extra))
            out["full_study_max_rss_mb"] = _max_rss(work / "benchmarks")
            out["full_study_per_rule"] = per_rule_seconds(work / "benchmarks")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m gendisc.bench [--full] [--repeats N] [--mirror PATH]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="also time the full default study")
    parser.add_argument("--mirror", default=None, help="UCI mirror (folder or URL)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/bench.json"))
    parser.add_argument(
        "--cost-only", action="store_true", help="only the training cost per fit vs m and n"
    )
    args = parser.parse_args(argv)
    if any(key not in os.environ for key in runtime.ALLOCATOR_ENV):
        # the pipeline's jobs run with these allocator settings (workflow/rules/common.smk):
        # measure in-process work with the same, so that efficiency compares like with like
        cmd = [sys.executable, "-m", "gendisc.bench", *(sys.argv[1:] if argv is None else argv)]
        os.execve(sys.executable, cmd, runtime.allocator_env(os.environ))
    if args.repeats < 1:
        raise SystemExit(f"--repeats must be >= 1, got {args.repeats}")
    if args.cost_only:
        result = {"training_cost": bench_cost.training_cost(args.repeats)}
    else:
        result = run(args.repo.resolve(), args.repeats, args.full, args.mirror)
        result["training_cost"] = bench_cost.training_cost(args.repeats)
    storage.write_json(args.out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
