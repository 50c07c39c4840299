"""The layer contract (data -> models -> study -> stats -> report), checked by import-linter."""

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_layer_contract_is_kept():
    """``lint-imports`` (contracts in pyproject.toml) passes: no upward import, no cycle."""
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(exe), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout
    assert proc.stdout.count("KEPT") >= 2


def test_every_module_is_in_a_layer():
    """Nothing but the package marker and the tools sits outside the five layer packages."""
    pkg = REPO / "src" / "gendisc"
    top = sorted(p.name for p in pkg.glob("*.py"))
    assert top == [
        "__init__.py",
        "bench.py",
        "bench_beyond.py",
        "bench_cost.py",
        "bench_sampler.py",
        "cli.py",
    ]
    layers = sorted(p.name for p in pkg.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert layers == ["data", "models", "report", "stats", "study"]
