"""environment.yml and pyproject.toml pin the same versions; the CI entry runs `make test`."""

import re
import tomllib

import yaml

from conftest import REPO


def _pyproject_pins() -> dict[str, str]:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {}
    for dep in deps:
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^;\s]+)", dep).groups()
        pins[name.lower()] = version
    return pins


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep and ">" not in dep:
            name, version = dep.split("=", 1)
            pins[name.lower()] = version
    return pins


def test_every_runtime_dependency_is_pinned_identically():
    py, conda = _pyproject_pins(), _conda_pins()
    assert py, "pyproject has no pinned dependencies"
    assert py == conda


def test_snakemake_9_and_python_311():
    assert _pyproject_pins()["snakemake"].startswith("9.")
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert data["project"]["requires-python"] == ">=3.11"


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
    assert "make test" in (REPO / "README.md").read_text()
    assert "make report" in (REPO / "README.md").read_text()
