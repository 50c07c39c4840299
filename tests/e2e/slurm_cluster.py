"""A throw-away single-node SLURM cluster on 127.0.0.1 for the SLURM end-to-end test.

`slurm_cluster` is a context manager that installs Debian's SLURM, MUNGE and MariaDB packages
when they are missing (root only), writes every configuration file into a temporary folder,
starts ``munged``, ``mariadbd``, ``slurmdbd``, ``slurmctld`` and ``slurmd`` in the foreground
(so each PID is known), registers the cluster, an account and the current user with
``sacctmgr``, and waits until the node is idle. On exit it stops every daemon it started by PID
(newest first) and waits for it, and restores ``/etc/slurm/slurm.conf``.

The job step of the SLURM executor plugin drops ``SLURM_CONF`` before its inner ``srun``, so
the configuration is also written to ``/etc/slurm/slurm.conf`` (a pre-existing file is
restored on exit). All daemons listen on 127.0.0.1 only, on free ports chosen at start-up, and
authenticate through a private MUNGE socket, so a site's own MUNGE or SLURM is left alone.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEBIAN_PACKAGES: tuple[str, ...] = (
    "slurmctld",
    "slurmd",
    "slurm-client",
    "munge",
    "slurmdbd",
    "mariadb-server",
)
"""Debian packages that provide the cluster (SLURM 22.05 on bookworm)."""

REQUIRED_PROGRAMS: tuple[str, ...] = (
    "munged",
    "mariadbd",
    "mariadb-install-db",
    "mariadb",
    "slurmdbd",
    "slurmctld",
    "slurmd",
    "sbatch",
    "sacct",
    "sacctmgr",
    "sinfo",
    "squeue",
)
"""Programs the cluster needs on PATH (``/usr/sbin`` is added to the search path)."""

PROCESS_NAMES: frozenset[str] = frozenset(
    {"munged", "mariadbd", "slurmdbd", "slurmctld", "slurmd", "slurmstepd"}
)
"""Process names (``/proc/<pid>/comm``) of every daemon the cluster may run."""

CONFLICTING_DAEMONS: frozenset[str] = frozenset({"slurmdbd", "slurmctld", "slurmd"})
"""Daemons of a site's own SLURM, which must not be running when the cluster starts."""

SYSTEM_SLURM_CONF = Path("/etc/slurm/slurm.conf")
CLUSTER_NAME = "gendisc"
PARTITION = "debug"
ACCOUNT = "gendisc"
NODE_NAME = "gendisc-node"
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])


@dataclass(frozen=True)
class SlurmCluster:
    """A running throw-away cluster.

    Attributes
    ----------
    root : Path
        Temporary folder holding configuration, state, sockets and logs.
    conf : Path
        The ``slurm.conf`` in `root` (also copied to ``/etc/slurm/slurm.conf``).
    env : Mapping[str, str]
        Environment for client commands and Snakemake (``SLURM_CONF`` and ``PATH`` set).
    pids : Mapping[str, int]
        PID of each daemon started, by daemon name, in start order.
    partition, account : str
        The partition and the registered account to submit to.
    """

    root: Path
    conf: Path
    env: Mapping[str, str]
    pids: Mapping[str, int]
    partition: str = PARTITION
    account: str = ACCOUNT

    def run(self, *args: str, timeout: float = 30.0) -> str:
        """Run a SLURM client command in the cluster's environment and return its stdout."""
        done = subprocess.run(
            args, env=dict(self.env), capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
        return done.stdout


@dataclass
class _Daemons:
    """Mutable record of the processes started so far (private to the context manager)."""

    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)


def missing_programs() -> list[str]:
    """Return the required programs that are not on the search path."""
    return [p for p in REQUIRED_PROGRAMS if shutil.which(p, path=SEARCH_PATH) is None]


def unavailable_reason() -> str | None:
    """Return why a cluster cannot be started here, or None when it can.

    Installs the Debian packages with apt-get when programs are missing and we are root.
    Refuses when SLURM daemons already run here: their ``/etc/slurm/slurm.conf`` would be
    replaced for the duration of the test.
    """
    running = sorted(
        {name for name in running_daemon_pids().values() if name in CONFLICTING_DAEMONS}
    )
    if running:
        return f"SLURM daemons already run on this machine ({', '.join(running)})"
    if not missing_programs():
        return None if os.geteuid() == 0 else "the SLURM daemons must be started as root"
    if os.geteuid() != 0:
        return f"SLURM is not installed ({', '.join(missing_programs())}) and we are not root"
    if shutil.which("apt-get") is None:
        return "SLURM is not installed and apt-get is not available"
    install_packages()
    missing = missing_programs()
    return f"still missing after apt-get: {', '.join(missing)}" if missing else None


def install_packages(packages: tuple[str, ...] = DEBIAN_PACKAGES) -> None:
    """Install `packages` with apt-get without starting their services."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Debian packages start their services unless a policy forbids it; we start our own.
    policy = Path("/usr/sbin/policy-rc.d")
    created_policy = not policy.exists()
    if created_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
            env=env,
            check=True,
            capture_output=True,
        )
    finally:
        if created_policy:
            policy.unlink()


def free_ports(names: tuple[str, ...]) -> dict[str, int]:
    """Return distinct TCP ports on 127.0.0.1 that are free right now, one per name."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in names]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return {name: int(s.getsockname()[1]) for name, s in zip(names, sockets, strict=True)}


def node_memory_mb() -> int:
    """Return 90 % of the machine's memory in MB (what the node offers to jobs)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 9 // 10 // 1024
    raise ValueError("MemTotal not found in /proc/meminfo")


def running_daemon_pids() -> dict[int, str]:
    """Return ``{pid: name}`` of running processes named like a cluster daemon."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if name in PROCESS_NAMES:
            found[int(entry.name)] = name
    return found


def slurm_conf_text(root: Path, ports: Mapping[str, int], cpus: int, memory_mb: int) -> str:
    """Return the ``slurm.conf`` of a one-node cluster whose files all live under `root`."""
    return f"""\
ClusterName={CLUSTER_NAME}
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ports["slurmctld"]}
SlurmdPort={ports["slurmd"]}
AuthType=auth/munge
AuthInfo=socket={root}/munge/munge.socket
CredType=cred/munge
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool/%n
SlurmctldPidFile={root}/run/slurmctld.pid
SlurmdPidFile={root}/run/slurmd-%n.pid
SlurmctldLogFile={root}/log/slurmctld.log
SlurmdLogFile={root}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SlurmdParameters=config_overrides
ReturnToService=2
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort={ports["slurmdbd"]}
AccountingStoragePass={root}/munge/munge.socket
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
JobCompType=jobcomp/none
AccountingStoreFlags=job_comment
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
InactiveLimit=0
KillWait=5
Waittime=0
NodeName={NODE_NAME} NodeAddr=127.0.0.1 NodeHostname=localhost CPUs={cpus} \
RealMemory={memory_mb} State=UNKNOWN
PartitionName={PARTITION} Nodes={NODE_NAME} Default=YES MaxTime=INFINITE State=UP
"""


def slurmdbd_conf_text(root: Path, ports: Mapping[str, int], password: str) -> str:
    """Return the ``slurmdbd.conf`` that stores accounting in the private MariaDB."""
    return f"""\
AuthType=auth/munge
AuthInfo=socket={root}/munge/munge.socket
DbdAddr=127.0.0.1
DbdHost=localhost
DbdPort={ports["slurmdbd"]}
SlurmUser=root
DebugLevel=info
LogFile={root}/log/slurmdbd.log
PidFile={root}/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort={ports["mariadb"]}
StorageUser=slurm
StoragePass={password}
StorageLoc=slurm_acct_db
"""


def _wait_for(what: str, ready: object, daemons: _Daemons, timeout: float = 60.0) -> None:
    """Poll the callable `ready` until it returns true; fail early if a daemon died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc in daemons.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode} while waiting for {what}")
        if ready():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def _succeeds(args: list[str], env: Mapping[str, str]) -> bool:
    done = subprocess.run(args, env=dict(env), capture_output=True, timeout=20, check=False)
    return done.returncode == 0


def _start(
    daemons: _Daemons, name: str, args: list[str], env: Mapping[str, str], log: Path
) -> None:
    with log.open("ab") as out:
        daemons.procs[name] = subprocess.Popen(
            args, env=dict(env), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )


def _stop(daemons: _Daemons, preexisting: Mapping[int, str], timeout: float = 30.0) -> None:
    """Stop the started daemons newest first by PID, then job steps the cluster left behind."""
    for name in reversed(list(daemons.procs)):
        proc = daemons.procs[name]
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout)
    # slurmstepd daemonises away from slurmd; any step not there before is one of ours.
    for pid, name in running_daemon_pids().items():
        if name == "slurmstepd" and pid not in preexisting:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _start_all(
    root: Path, ports: Mapping[str, int], password: str, env: Mapping[str, str], daemons: _Daemons
) -> None:
    """Start munged, mariadbd, slurmdbd, slurmctld and slurmd; register cluster and account."""
    conf = root / "slurm.conf"
    key = root / "munge" / "munge.key"
    log = root / "log"
    sock = root / "munge" / "munge.socket"
    _start(
        daemons,
        "munged",
        [
            "munged",
            "--foreground",
            "--force",
            f"--socket={sock}",
            f"--key-file={key}",
            f"--pid-file={root}/run/munged.pid",
            f"--log-file={log}/munged.log",
            f"--seed-file={root}/munge/munge.seed",
        ],
        env,
        log / "munged.out",
    )
    _wait_for("munged", sock.exists, daemons)

    mysql_sock = root / "mysql.sock"
    subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={root}/mysql",
            "--user=root",
            "--auth-root-authentication-method=socket",
            "--skip-test-db",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    _start(
        daemons,
        "mariadbd",
        [
            "mariadbd",
            "--no-defaults",
            f"--datadir={root}/mysql",
            f"--socket={mysql_sock}",
            f"--port={ports['mariadb']}",
            "--bind-address=127.0.0.1",
            "--user=root",
            f"--pid-file={root}/run/mariadbd.pid",
            "--skip-name-resolve",
            "--innodb-buffer-pool-size=64M",
            "--innodb-lock-wait-timeout=900",
        ],
        env,
        log / "mariadbd.log",
    )
    client = ["mariadb", "--no-defaults", f"--socket={mysql_sock}", "-u", "root"]
    _wait_for("mariadbd", lambda: _succeeds([*client, "-e", "SELECT 1"], env), daemons)
    sql = (
        f"CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY '{password}';"
        "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"
    )
    subprocess.run([*client, "-e", sql], env=env, check=True, capture_output=True)

    _start(daemons, "slurmdbd", ["slurmdbd", "-D"], env, log / "slurmdbd.out")
    sacctmgr = ["sacctmgr", "-i"]
    _wait_for("slurmdbd", lambda: _succeeds([*sacctmgr, "show", "cluster"], env), daemons)
    for entity in (
        ["cluster", CLUSTER_NAME],
        ["account", ACCOUNT, f"Cluster={CLUSTER_NAME}"],
        ["user", getpass.getuser(), f"Account={ACCOUNT}"],
    ):
        subprocess.run([*sacctmgr, "add", *entity], env=env, check=True, capture_output=True)

    _start(daemons, "slurmctld", ["slurmctld", "-D", "-i", "-f", str(conf)], env, log / "ctld.out")
    _start(
        daemons, "slurmd", ["slurmd", "-D", "-N", NODE_NAME, "-f", str(conf)], env, log / "d.out"
    )

    def node_idle() -> bool:
        done = subprocess.run(
            ["sinfo", "-h", "-N", "-o", "%T"], env=env, capture_output=True, text=True, timeout=20
        )
        return done.returncode == 0 and done.stdout.strip() == "idle"

    _wait_for("the node to become idle", node_idle, daemons)


@contextlib.contextmanager
def slurm_cluster(parent: Path | None = None) -> Iterator[SlurmCluster]:
    """Start a one-node SLURM cluster with accounting on 127.0.0.1 and stop it on exit.

    Parameters
    ----------
    parent : Path, optional
        Folder in which the cluster's temporary folder is created (default: system temp).

    Yields
    ------
    SlurmCluster
        The running cluster.
    """
    preexisting = running_daemon_pids()
    root = Path(tempfile.mkdtemp(prefix="slurm-", dir=parent))
    for sub in ("munge", "mysql", "state", "spool", "run", "log"):
        (root / sub).mkdir(mode=0o755 if sub == "munge" else 0o700)
    root.chmod(0o755)
    ports = free_ports(("slurmctld", "slurmd", "slurmdbd", "mariadb"))
    password = secrets.token_hex(16)
    conf = root / "slurm.conf"
    conf.write_text(slurm_conf_text(root, ports, os.cpu_count() or 1, node_memory_mb()))
    dbd_conf = root / "slurmdbd.conf"
    dbd_conf.write_text(slurmdbd_conf_text(root, ports, password))
    dbd_conf.chmod(0o600)
    key = root / "munge" / "munge.key"
    key.write_bytes(secrets.token_bytes(1024))
    key.chmod(0o400)
    env = {**os.environ, "PATH": SEARCH_PATH, "SLURM_CONF": str(conf)}
    for var in [v for v in env if v.startswith("SLURM_") and v != "SLURM_CONF"]:
        del env[var]

    backup = SYSTEM_SLURM_CONF.read_bytes() if SYSTEM_SLURM_CONF.exists() else None
    created_dir = not SYSTEM_SLURM_CONF.parent.exists()
    daemons = _Daemons()
    try:
        SYSTEM_SLURM_CONF.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(conf, SYSTEM_SLURM_CONF)
        try:
            _start_all(root, ports, password, env, daemons)
        except (RuntimeError, TimeoutError, subprocess.CalledProcessError) as err:
            logs = "\n".join(f"--- {p.name}\n{_tail(p)}" for p in sorted((root / "log").iterdir()))
            detail = getattr(err, "stderr", None) or ""
            raise RuntimeError(f"SLURM cluster failed: {err} {detail}\n{logs}") from err
        yield SlurmCluster(
            root=root,
            conf=conf,
            env=env,
            pids={name: proc.pid for name, proc in daemons.procs.items()},
        )
    finally:
        _stop(daemons, preexisting)
        if backup is not None:
            SYSTEM_SLURM_CONF.write_bytes(backup)
        else:
            SYSTEM_SLURM_CONF.unlink(missing_ok=True)
            if created_dir:
                with contextlib.suppress(OSError):
                    SYSTEM_SLURM_CONF.parent.rmdir()
        shutil.rmtree(root, ignore_errors=True)
