"""Malformed configs stop the workflow before any job runs, with one clean message.

Every file of ``tests/bad_configs`` is merged over ``config/config.yaml`` (as Snakemake's
``--configfile`` does) and must be rejected by the validation step, naming the offending key
(``# key:`` in its header) and what is allowed (``# allowed:``). The fast test runs the same
validation in-process (JSON Schema with defaults, then :func:`gendisc.study.design.check`); the slow
one runs ``snakemake`` on each file.
"""

from __future__ import annotations

import copy
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from snakemake.common.configfile import load_configfile
from snakemake.exceptions import WorkflowError
from snakemake.utils import update_config, validate

from gendisc.study import design as study_config
from gendisc.study import validation

from conftest import REPO, copy_workflow, run_snakemake

BAD = sorted((REPO / "tests" / "bad_configs").glob("*.yaml"))
SCHEMA = REPO / "config" / "config.schema.yaml"
#: a file with no bytes cannot carry its own header: Snakemake's message for an empty document
EMPTY_EXPECT = ("Config file", "keys at top level")


def expectations(path: Path) -> tuple[str, str]:
    """The (key, allowed) substrings a file's header says the message must contain."""
    text = path.read_text()
    key = re.search(r"^# key: (.+)$", text, re.M)
    allowed = re.search(r"^# allowed: (.+)$", text, re.M)
    if key is None and allowed is None and not text.strip():
        return EMPTY_EXPECT
    assert key is not None and allowed is not None, f"{path.name} lacks '# key:'/'# allowed:'"
    return key.group(1).strip(), allowed.group(1).strip()


def validation_message(path: Path) -> str:
    """The message of the validation step for a bad file merged over the default config."""
    try:
        overlay = load_configfile(str(path))
    except WorkflowError as exc:
        return str(exc)
    config = copy.deepcopy(yaml.safe_load((REPO / "config" / "config.yaml").read_text()))
    update_config(config, overlay)
    try:
        validate(config, str(SCHEMA))
    except WorkflowError as exc:
        cause = exc.__cause__ or exc.__context__
        return validation.schema_error_message(cause)
    try:
        study_config.check(config, root=REPO, schema=yaml.safe_load(SCHEMA.read_text()))
    except validation.ConfigError as exc:
        return str(exc)
    return ""


def test_corpus_is_large_and_covers_every_kind():
    assert len(BAD) >= 25
    names = " ".join(p.stem for p in BAD)
    for kind in (
        "unknown",
        "wrong-type",
        "negative",
        "zero",
        "larger-than-pool",
        "above-one",
        "duplicate",
        "empty",
        "seed",
        "traversal",
        "shell",
        "syntax-error",
    ):
        assert kind in names, kind


def test_default_and_smoke_configs_pass():
    # the validation is not simply rejecting everything
    for overlay in ({}, yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())):
        config = copy.deepcopy(yaml.safe_load((REPO / "config" / "config.yaml").read_text()))
        update_config(config, overlay)
        validate(config, str(SCHEMA))
        study_config.check(config, root=REPO, schema=yaml.safe_load(SCHEMA.read_text()))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_config_is_rejected_in_process(path):
    key, allowed = expectations(path)
    message = validation_message(path)
    assert message, f"{path.name} was accepted"
    assert key in message, message
    assert allowed in message, message
    if key != "Config file":
        # the key is quoted as a whole, not just mentioned in passing
        assert re.search(rf"config key '{re.escape(key)}'|config \(top level\)", message), message


def test_schema_error_message_names_nested_key_and_bounds():
    config = copy.deepcopy(yaml.safe_load((REPO / "config" / "config.yaml").read_text()))
    config["uci"]["m"] = {"pima": [2, 0]}
    with pytest.raises(WorkflowError) as info:
        validate(config, str(SCHEMA))
    message = validation.schema_error_message(info.value.__cause__ or info.value.__context__)
    assert message == (
        "config key 'uci.m.pima[1]': 0 is less than the minimum of 2; allowed: integer, >= 2"
    )


@pytest.mark.slow
def test_bad_config_stops_snakemake(tmp_path):
    """Each file: non-zero exit, no traceback, key and allowed values named, no job."""
    work = copy_workflow(tmp_path / "wf")
    # the user-dataset cases read their small tables from the project folder
    shutil.copytree(
        REPO / "tests" / "bad_configs" / "data", work / "tests" / "bad_configs" / "data"
    )
    (work / "tests" / "data").mkdir()
    shutil.copy2(REPO / "tests" / "data" / "breast_cancer_small.csv", work / "tests" / "data")

    def run(path: Path):
        return path, run_snakemake(work, "-n", "--configfile", str(path), check=False, timeout=300)

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(run, BAD))
    for path, proc in done:
        out = proc.stdout + proc.stderr
        key, allowed = expectations(path)
        assert proc.returncode != 0, f"{path.name}: accepted\n{out}"
        assert "Traceback" not in out, f"{path.name}:\n{out}"
        assert key in out and allowed in out, f"{path.name}:\n{out}"
        # stopped while parsing: no DAG was built, so no job was scheduled
        assert "Building DAG" not in out and "Job stats" not in out, f"{path.name}:\n{out}"
    for name in ("results", "logs", "benchmarks", "data"):
        assert not (work / name).exists(), name


@pytest.mark.slow
def test_bad_config_real_run_creates_nothing(tmp_path):
    """A real (not dry) run with a cross-field error exits before any job writes a file."""
    work = copy_workflow(tmp_path / "wf")
    bad = REPO / "tests" / "bad_configs" / "16-uci-m-larger-than-pool.yaml"
    proc = run_snakemake(work, "--cores", "1", "--configfile", str(bad), check=False, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Traceback" not in out and "uci.m.lenses" in out, out
    for name in ("results", "logs", "benchmarks", "data"):
        assert not (work / name).exists(), name
