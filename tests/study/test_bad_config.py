"""Malformed configs stop the workflow before any job runs, with one clean message.

Every file of ``tests/bad_configs`` is merged over ``config/config.yaml`` (as Snakemake's
``--configfile`` does) and must be rejected by the validation step, naming the offending key
(``# key:`` in its header) and what is allowed (``# allowed:``). The fast test runs the same
validation in-process (JSON Schema with defaults, then :func:`gendisc.study.design.check`) on every
file; the slow one runs ``snakemake`` on a few of them, at least one per stage that rejects a file
(Snakemake's own reading, the schema, the cross-field checks), to check the workflow's wiring: the
same message on the console, no traceback, no job.
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


#: the stages of the validation, in order: Snakemake reads the file, the JSON Schema, the
#: cross-field checks of gendisc.study.design
STAGES = ("read", "schema", "check")

#: the files that the slow test also runs through ``snakemake`` (each file's message is checked
#: in-process by test_bad_config_is_rejected_in_process), with what each one stands for
THROUGH_SNAKEMAKE = {
    "41-yaml-syntax-error": "read: Snakemake's own message for a file it cannot parse",
    "44-zero-bytes": "read: an empty file, which cannot carry its own header",
    "01-unknown-top-level-key": "schema: an unknown key",
    "15-m-below-two": "schema: a nested key and a bound",
    "28-family-shell-metacharacters": "schema: a name that would reach a path or a shell",
    "32-mirror-control-characters": "schema: control characters in a string",
    "63-seed-float": "check: an integer written as a float",
    "16-uci-m-larger-than-pool": "check: a cross-field rule reading the dataset registry",
    "45-user-file-missing": "check: a user file read relative to the project folder",
    "71-too-many-jobs": "check: the job count, before the DAG is built",
}


def validation_result(path: Path) -> tuple[str, str]:
    """(stage, message) of the validation step for a bad file merged over the default config;
    the stage is one of :data:`STAGES`, or ``""`` with an empty message if the file passed."""
    try:
        overlay = load_configfile(str(path))
    except WorkflowError as exc:
        return "read", str(exc)
    config = copy.deepcopy(yaml.safe_load((REPO / "config" / "config.yaml").read_text()))
    update_config(config, overlay)
    try:
        validate(config, str(SCHEMA))
    except WorkflowError as exc:
        cause = exc.__cause__ or exc.__context__
        return "schema", validation.schema_error_message(cause)
    try:
        study_config.check(config, root=REPO, schema=yaml.safe_load(SCHEMA.read_text()))
    except validation.ConfigError as exc:
        return "check", str(exc)
    return "", ""


def validation_message(path: Path) -> str:
    """The message of the validation step for a bad file merged over the default config."""
    return validation_result(path)[1]


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


def test_snakemake_sample_covers_every_stage():
    """The files run through snakemake exist and include each stage of the validation."""
    by_stem = {p.stem: p for p in BAD}
    assert set(THROUGH_SNAKEMAKE) <= set(by_stem), set(THROUGH_SNAKEMAKE) - set(by_stem)
    stages = {validation_result(by_stem[stem])[0] for stem in THROUGH_SNAKEMAKE}
    assert stages == set(STAGES), stages


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
    """Each file of the sample: non-zero exit, no traceback, key and allowed values named, no
    job (the sample covers every stage: test_snakemake_sample_covers_every_stage)."""
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
        done = list(pool.map(run, [p for p in BAD if p.stem in THROUGH_SNAKEMAKE]))
    assert len(done) == len(THROUGH_SNAKEMAKE)
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
