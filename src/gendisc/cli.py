"""``gendisc compare FILE --target COL --positive VALUE``: the study on your own data, in one line.

Writes a config overlay with one entry of the ``datasets`` section (``config/compare-NAME.yaml``
in the project folder), checks the file as the workflow will (one line naming the file or
column, and the option to change), runs the workflow through Snakemake's Python API (progress
on the terminal) and ends with the report's path.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from gendisc.data import user

#: the command-line option behind each field of a user dataset (for error messages)
OPTION_OF = {
    "path": "FILE",
    "target": "--target",
    "positive": "--positive",
    "features": "--features",
    "kind": "--kind",
    "missing": "--missing",
    "m": "--m",
}


def dataset_name(path: str | os.PathLike[str]) -> str:
    """A dataset name from a file name: its stem, with other characters than ``[A-Za-z0-9_-]``
    replaced by ``_`` (the config's pattern for dataset names)."""
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", Path(path).stem)[:64] or "data"
    return stem if stem[0].isalnum() else f"d{stem}"[:64]


def _positive(text: str) -> str | int | float:
    """The positive value as YAML would read it from ``positive: TEXT`` (numbers stay numbers)."""
    value = yaml.safe_load(text) if text.strip() else text
    return value if isinstance(value, int | float) and not isinstance(value, bool) else text


def overlay(args: argparse.Namespace, root: Path) -> tuple[str, dict[str, Any]]:
    """The dataset's name and the config overlay (``{"datasets": {name: entry}}``) for ``args``.

    The file's path is written relative to the project folder ``root`` when it lies inside it.
    """
    name = args.name or dataset_name(args.file)
    path = Path(args.file).expanduser().resolve()
    inside = path.is_relative_to(root)
    entry: dict[str, Any] = {
        "path": str(path.relative_to(root)) if inside else str(path),
        "target": args.target,
        "positive": _positive(args.positive),
        "features": "all" if args.features is None else args.features.split(","),
        "kind": args.kind,
        "missing": args.missing,
    }
    if args.m:
        entry["m"] = [int(v) for v in args.m.split(",")]
    if args.allow_outside:
        entry["allow_outside"] = True
    return name, {"datasets": {name: entry}}


def parser() -> argparse.ArgumentParser:
    """The ``gendisc`` command line."""
    top = argparse.ArgumentParser(prog="gendisc", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    cmp = sub.add_parser(
        "compare",
        help="naive Bayes vs logistic regression on your own table (CSV, TSV, Parquet, ARFF)",
        description="Run the study with your table as one more dataset (the UCI protocol: "
        "random training sets of each size m with both classes, the rest of the table as the "
        "test set) and print the report's path.",
    )
    cmp.add_argument("file", help="the table: .csv, .tsv, .parquet or .arff")
    cmp.add_argument("--target", required=True, help="the column holding the class")
    cmp.add_argument("--positive", required=True, help="the target value that is class 1")
    cmp.add_argument("--name", help="dataset name in the report (default: the file's stem)")
    cmp.add_argument("--features", help="comma-separated columns to use (default: all others)")
    cmp.add_argument("--kind", choices=user.KINDS, default="continuous")
    cmp.add_argument("--missing", choices=("drop", "category", "impute"), default="drop")
    cmp.add_argument("--m", help="comma-separated training-set sizes (default: from the rows)")
    cmp.add_argument("--allow-outside", action="store_true", help="allow a file outside DIR")
    cmp.add_argument(
        "--configfile",
        action="append",
        default=[],
        help="extra config overlay(s) before yours, e.g. config/smoke.yaml for a small study",
    )
    cmp.add_argument("--config", nargs="*", default=[], metavar="KEY=VALUE", help="overrides")
    cmp.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    cmp.add_argument("--directory", default=".", help="the project folder (default: here)")
    return top


def run_workflow(root: Path, configfiles: Sequence[Path], overrides: Sequence[str], cores: int):
    """Run the workflow in ``root`` through Snakemake's API; raise on any failure."""
    from snakemake.api import SnakemakeApi
    from snakemake.cli import parse_config
    from snakemake.settings.enums import Quietness
    from snakemake.settings.types import (
        ConfigSettings,
        DAGSettings,
        OutputSettings,
        ResourceSettings,
    )

    output = OutputSettings(quiet={Quietness.RULES, Quietness.HOST, Quietness.REASON})
    with SnakemakeApi(output) as api:
        workflow = api.workflow(
            resource_settings=ResourceSettings(cores=cores),
            config_settings=ConfigSettings(
                configfiles=tuple(configfiles), config=parse_config(list(overrides))
            ),
            snakefile=root / "Snakefile",
            workdir=root,
        )
        workflow.dag(DAGSettings()).execute_workflow(executor="local")


def compare(args: argparse.Namespace) -> int:
    """``gendisc compare``: check, write the overlay, run, print the report's path."""
    root = Path(args.directory).resolve()
    if not (root / "Snakefile").is_file():
        print(f"gendisc: no Snakefile in {root}; run in the project folder or pass --directory")
        return 2
    name, cfg = overlay(args, root)
    spec = user.UserDataset.from_config(name, cfg["datasets"][name])
    try:
        pool = user.prepare(spec, root)
    except user.UserDataError as exc:
        print(f"gendisc: {OPTION_OF.get(exc.field, exc.field)}: {exc}")
        return 2
    x = pool.prepared.X
    print(
        f"gendisc: {name}: {x.shape[0]} rows, {x.shape[1]} {spec.kind} features, "
        f"{int(pool.prepared.y.sum())} positives; m = {', '.join(map(str, pool.m_grid))}"
    )
    target = root / "config" / f"compare-{name}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "# written by `gendisc compare`; rerun with: snakemake --cores all --configfile "
        + "".join(f"{c} " for c in args.configfile)
        + f"config/compare-{name}.yaml\n"
        + yaml.safe_dump(cfg, sort_keys=False)
    )
    print(f"gendisc: config overlay written to {target.relative_to(root)}")
    print(f"gendisc: running the study on {args.cores} core(s) (Snakemake)...", flush=True)
    configfiles = [*(root / c for c in args.configfile), target]
    try:
        run_workflow(root, configfiles, args.config, args.cores)
    except Exception as exc:  # Snakemake reports the details above; one line here
        print(
            f"gendisc: the workflow failed: {str(exc).strip().splitlines()[0] if str(exc) else exc!r}"
        )
        return 1
    report = root / "reports" / "report.html"
    print(f"gendisc: {name} is in the report: {report}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gendisc`` command."""
    args = parser().parse_args(argv)
    if args.command == "compare":
        return compare(args)
    return 2  # pragma: no cover (argparse requires a command)


if __name__ == "__main__":
    sys.exit(main())
