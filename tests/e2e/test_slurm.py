"""The smoke study runs on a real (throw-away, single-node) SLURM cluster with the same results.

The cluster comes from ``slurm_cluster``: Debian's SLURM with slurmdbd accounting on 127.0.0.1,
installed with apt-get when missing (root only; otherwise the test is skipped). The run uses
``profiles/slurm`` exactly as a user would, after filling in the partition and account
placeholders, and must give a ``results/errors.parquet`` byte-identical to a local run of the
same configuration in a copy of the same files.

Every SLURM job pays ~15-30 s here (two Snakemake start-ups plus the script on 2 shared cores),
so the test runs a narrowed smoke study: the first value of each grid axis of every study, one
chunk per cell (see `narrow`), about ten SLURM jobs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BIN, REPO, SNAKEMAKE, copy_workflow, smoke_args
from slurm_cluster import (
    running_daemon_pids,
    slurm_cluster,
    slurm_conf_text,
    slurmdbd_conf_text,
    unavailable_reason,
)

TARGET = "results/errors.parquet"
SMOKE = "config/smoke.yaml"
NARROW = "config/slurm_smoke.yaml"
PLACEHOLDERS = ("CHANGE_ME_PARTITION", "CHANGE_ME_ACCOUNT")
# grid axes of a study section narrowed to their first value
AXES = ("families", "levels", "n_features", "separations", "pairs", "datasets")
# Snakemake prints one header per job: "rule NAME:" for SLURM jobs, "localrule NAME:" otherwise.
JOB_HEADER = re.compile(r"^(local)?rule (\w+):$", re.MULTILINE)
SUBMITTED = re.compile(r"has been submitted with SLURM jobid (\d+)")
# The plugin's sbatch --comment: "rule_NAME" or "rule_NAME_wildcards_...".
COMMENT = re.compile(r"^rule_(\w+?)(?:_wildcards_.*)?$")


def narrow(config: Mapping[str, Any]) -> dict[str, Any]:
    """Return `config` with each study cut to one cell per grid axis and one chunk per cell.

    A study section is a mapping with ``replicates``; its list-valued grid axes (`AXES`) keep
    their first value, mappings keyed by a dropped value lose that key, and its
    ``chunk_size``, if any, becomes ``replicates``. Other keys are unchanged.
    """
    out: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, Mapping) and "replicates" in value:
            section = dict(value)
            dropped: set[Any] = set()
            for axis in AXES:
                if isinstance(section.get(axis), list) and section[axis]:
                    dropped.update(section[axis][1:])
                    section[axis] = section[axis][:1]
            for name, entry in section.items():
                if isinstance(entry, Mapping):  # per-value settings, e.g. m per dataset
                    section[name] = {k: v for k, v in entry.items() if k not in dropped}
            if "chunk_size" in section:
                section["chunk_size"] = section["replicates"]
            out[key] = section
        else:
            out[key] = value
    return out


def slurm_args(cores_args: list[str]) -> list[str]:
    """The arguments of a local run, with the SLURM profile instead of ``--cores N``."""
    args = list(cores_args)
    i = args.index("--cores")
    del args[i : i + 2]
    return ["--profile", "profiles/slurm", *args]


def fill_profile(profile: Path, partition: str, account: str) -> None:
    """Set the profile's partition and account placeholders, as the README tells users to."""
    text = profile.read_text()
    missing = [p for p in PLACEHOLDERS if p not in text]
    if missing:
        raise ValueError(f"placeholders {missing} not found in {profile}")
    profile.write_text(text.replace(PLACEHOLDERS[0], partition).replace(PLACEHOLDERS[1], account))


def job_counts(log: str) -> tuple[Counter[str], Counter[str]]:
    """(SLURM jobs, local jobs) per rule, from a Snakemake run's output."""
    remote: Counter[str] = Counter()
    local: Counter[str] = Counter()
    for is_local, rule in JOB_HEADER.findall(log):
        (local if is_local else remote)[rule] += 1
    return remote, local


def test_narrow_keeps_first_cell_and_one_chunk():
    config = {
        "seed": 7,
        "synthetic": {
            "families": ["a", "b"],
            "levels": [0.0, 1.0],
            "m": [4, 16],
            "replicates": 6,
            "chunk_size": 3,
        },
        "uci": {
            "datasets": ["pima", "lenses"],
            "m": {"pima": [2, 10], "lenses": [2, 4]},
            "replicates": 4,
            "chunk_size": 2,
        },
        "stats": {"alpha": 0.05},
        "calibration": {"pools": 4, "replicates": 5},
    }
    narrowed = narrow(config)
    assert narrowed["synthetic"] == {
        "families": ["a"],
        "levels": [0.0],
        "m": [4, 16],
        "replicates": 6,
        "chunk_size": 6,
    }
    assert narrowed["uci"]["datasets"] == ["pima"]
    assert narrowed["uci"]["m"] == {"pima": [2, 10]}
    assert narrowed["uci"]["chunk_size"] == 4
    assert narrowed["seed"] == 7 and narrowed["stats"] == {"alpha": 0.05}
    assert narrowed["calibration"] == {"pools": 4, "replicates": 5}
    assert config["synthetic"]["chunk_size"] == 3  # input untouched


def test_job_counts_parses_headers():
    log = "rule simulate:\n    x\nlocalrule all:\nrule simulate:\nrule asymptotic_table:\n"
    remote, local = job_counts(log)
    assert remote == Counter({"simulate": 2, "asymptotic_table": 1})
    assert local == Counter({"all": 1})


def test_comment_pattern_gives_rule_name():
    assert COMMENT.match("rule_asymptotic_table")[1] == "asymptotic_table"
    assert COMMENT.match("rule_simulate_wildcards_synthetic_a-b_nb_lr_0")[1] == "simulate"


def test_fill_profile_replaces_placeholders(tmp_path):
    profile = tmp_path / "config.yaml"
    profile.write_text((REPO / "profiles" / "slurm" / "config.yaml").read_text())
    fill_profile(profile, "short", "proj1")
    resources = yaml.safe_load(profile.read_text())["default-resources"]
    assert resources["slurm_partition"] == "short"
    assert resources["slurm_account"] == "proj1"
    with pytest.raises(ValueError, match="CHANGE_ME"):
        fill_profile(profile, "short", "proj1")


def conf_values(text: str) -> dict[str, str]:
    """``Key=value`` pairs of a SLURM configuration text (node and partition lines by name)."""
    pairs: dict[str, str] = {}
    for line in text.replace("\\\n", " ").splitlines():
        for item in line.split():
            key, _, value = item.partition("=")
            pairs[key] = value
    return pairs


def test_cluster_configuration_stays_on_loopback(tmp_path):
    ports = {"slurmctld": 7001, "slurmd": 7002, "slurmdbd": 7003, "mariadb": 7004}
    slurm = conf_values(slurm_conf_text(tmp_path, ports, cpus=3, memory_mb=1234))
    dbd = conf_values(slurmdbd_conf_text(tmp_path, ports, password="pw"))
    assert slurm["SlurmctldHost"] == "localhost(127.0.0.1)"
    assert slurm["NodeAddr"] == dbd["DbdAddr"] == dbd["StorageHost"] == "127.0.0.1"
    assert slurm["AccountingStorageHost"] == dbd["DbdHost"] == "localhost"
    assert slurm["AccountingStoragePort"] == dbd["DbdPort"] == "7003"
    assert dbd["StoragePort"] == "7004" and slurm["SlurmctldPort"] == "7001"
    # no cgroups: process tracking and task plugins that work without them
    assert slurm["ProctrackType"] == "proctrack/linuxproc"
    assert slurm["TaskPlugin"] == "task/none"
    assert slurm["AccountingStorageType"] == "accounting_storage/slurmdbd"
    assert int(slurm["MinJobAge"]) >= 120
    assert (slurm["CPUs"], slurm["RealMemory"]) == ("3", "1234")
    # every file the daemons write lives under the cluster's own folder
    for key in ("StateSaveLocation", "SlurmdSpoolDir", "SlurmctldPidFile", "SlurmctldLogFile"):
        assert slurm[key].startswith(str(tmp_path)), key
    assert slurm["AuthInfo"] == dbd["AuthInfo"] == f"socket={tmp_path}/munge/munge.socket"


@pytest.mark.slow
def test_smoke_study_on_slurm_matches_local_run(tmp_path: Path) -> None:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    before = set(running_daemon_pids())
    # one snapshot of the files, copied twice: both runs see exactly the same code and config
    base = copy_workflow(tmp_path / "base")  # profiles/ included
    smoke = yaml.safe_load((base / SMOKE).read_text())
    (base / NARROW).write_text(yaml.safe_dump(narrow(smoke), sort_keys=False))
    local_dir = shutil.copytree(base, tmp_path / "local")
    slurm_dir = shutil.copytree(base, tmp_path / "slurm")
    args = [a if a != SMOKE else NARROW for a in smoke_args(2)]
    assert NARROW in args

    # the local reference run overlaps the cluster's start-up and the SLURM jobs' waits
    local_log = (tmp_path / "local.log").open("w")
    local = subprocess.Popen(
        [SNAKEMAKE, TARGET, *args],
        cwd=local_dir,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=local_log,
        stderr=subprocess.STDOUT,
    )
    try:
        with slurm_cluster() as cluster:
            pids = dict(cluster.pids)
            fill_profile(
                slurm_dir / "profiles" / "slurm" / "config.yaml", cluster.partition, cluster.account
            )
            env = {
                **cluster.env,
                "PYTHONHASHSEED": "0",
                "PATH": os.pathsep.join([str(BIN), cluster.env["PATH"]]),
            }
            # first status check after 2 s instead of the plugin's 40 s: these jobs are short
            command = [
                SNAKEMAKE,
                TARGET,
                *slurm_args(args),
                "--slurm-init-seconds-before-status-checks=2",
            ]
            run = subprocess.run(
                command,
                cwd=slurm_dir,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert run.returncode == 0, f"{run.stdout[-3000:]}\n{run.stderr[-8000:]}"
            sacct = cluster.run(
                "sacct", "-X", "-n", "-P", "-a", "-o", "JobID,State,Account,Comment"
            )
        assert local.wait(timeout=600) == 0, (tmp_path / "local.log").read_text()[-8000:]
    finally:
        if local.poll() is None:
            local.kill()
            local.wait()
        local_log.close()

    # every compute job ran as exactly one completed SLURM job, and nothing else was submitted
    remote, _ = job_counts(run.stderr)
    jobs = [line.split("|") for line in sacct.splitlines() if line.strip()]
    assert sum(remote.values()) >= 3
    assert sorted(jid for jid, *_ in jobs) == sorted(SUBMITTED.findall(run.stderr))
    assert {state for _, state, _, _ in jobs} == {"COMPLETED"}, sacct
    assert {account for _, _, account, _ in jobs} == {cluster.account}
    assert Counter(COMMENT.match(comment)[1] for *_, comment in jobs) == remote

    # the daemons are gone: each recorded PID, and anything named like a cluster daemon
    assert not [name for name, pid in pids.items() if Path(f"/proc/{pid}").exists()]
    assert set(running_daemon_pids()) <= before

    assert (slurm_dir / TARGET).read_bytes() == (local_dir / TARGET).read_bytes()
