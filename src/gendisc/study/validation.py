"""Checks of a config that JSON Schema cannot make, run in the one validation step.

JSON Schema counts ``500.0`` as an integer and ``.inf`` as a number > 0, and knows nothing
of what a run asks of the machine. :func:`check_numbers` refuses those values naming their
key; :func:`check_resources` estimates the job count and the largest job's memory from the
config and refuses a config that exceeds :data:`MAX_JOBS` or :data:`MAX_JOB_BYTES`, naming
the keys to change. Both run before the DAG is built, so nothing has been written yet.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gendisc.data import datasets
from gendisc.study.chunks import chunks

#: the most jobs a config may ask for (building a DAG of many more takes minutes and GBs)
MAX_JOBS = 20_000
#: the most memory one job may be estimated to need (a job's arrays, not the process)
MAX_JOB_BYTES = 8 * 2**30
#: bytes per stored value, and how many copies of a replicate's arrays a fit holds at once
#: (inputs, the feature maps up to twice as wide, the test scores)
_VALUE_BYTES = 8
_COPIES = 3


class ConfigError(ValueError):
    """An invalid configuration value; the message names the key and what is allowed."""


def _key(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = root
        for part in ref[2:].split("/"):
            node = node[part]
        return node
    return schema


def _wants_integer(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "integer" in kinds and "number" not in kinds


def check_numbers(config: Any, schema: Mapping[str, Any]) -> None:
    """Refuse floats where the schema wants integers, and any NaN or infinite number.

    Raises
    ------
    ConfigError
        ``config key 'K': V is not an integer; allowed: integer`` or
        ``config key 'K': V is not a finite number; allowed: a finite number``.
    """

    def walk(node: Any, sub: Mapping[str, Any] | None, path: tuple[Any, ...]) -> None:
        sub = _resolve(sub, schema) if isinstance(sub, Mapping) else None
        if isinstance(node, float):
            if not math.isfinite(node):
                raise ConfigError(
                    f"config key '{_key(path)}': {node} is not a finite number; allowed: a "
                    "finite number"
                )
            if sub is not None and _wants_integer(sub):
                raise ConfigError(
                    f"config key '{_key(path)}': {node!r} is not an integer (write it without a "
                    "decimal point); allowed: integer"
                )
        elif isinstance(node, Mapping):
            props = sub.get("properties", {}) if sub else {}
            extra = sub.get("additionalProperties") if sub else None
            for k, v in node.items():
                walk(v, props.get(k, extra if isinstance(extra, Mapping) else None), (*path, k))
        elif isinstance(node, list):
            items = sub.get("items") if sub else None
            for i, v in enumerate(node):
                walk(v, items if isinstance(items, Mapping) else None, (*path, i))

    walk(config, schema, ())


@dataclass(frozen=True)
class ResourceEstimate:
    """What a config asks of the machine (estimates, before any job runs).

    Attributes
    ----------
    jobs : dict[str, int]
        Compute jobs (chunks, references, pools, downloads) per config section.
    job_bytes : dict[str, int]
        Largest estimated memory of one job, by the config key that sets it.
    """

    jobs: dict[str, int]
    job_bytes: dict[str, int]

    @property
    def total_jobs(self) -> int:
        """All the compute jobs."""
        return sum(self.jobs.values())


def _replicate_bytes(m: int, n_test: int, n_features: int) -> int:
    """Memory of one replicate's arrays (a batch holds at least one replicate)."""
    return _VALUE_BYTES * _COPIES * (int(m) + int(n_test)) * (2 * int(n_features) + 1)


def _put(job_bytes: dict[str, int], sizes: Mapping[str, int], n_features: int) -> None:
    """Record the bytes of one job kind under the key of its largest size."""
    key = max(sizes, key=lambda k: sizes[k])
    need = _replicate_bytes(sum(sizes.values()), 0, n_features)
    job_bytes[key] = max(job_bytes.get(key, 0), need)


def estimate(config: Mapping[str, Any], studies: tuple[str, ...]) -> ResourceEstimate:
    """Estimate the job count and the largest job's memory of a (schema-valid) config.

    Parameters
    ----------
    config : Mapping
        The config, defaults filled in.
    studies : tuple of str
        The synthetic study sections.
    """
    jobs: dict[str, int] = {}
    job_bytes: dict[str, int] = {}
    widest = 1
    for study in studies:
        sec = config[study]
        n_settings = (
            len(sec["families"])
            * len(sec["n_features"])
            * len(sec["levels"])
            * len(sec["separations"])
        )
        n_chunks = len(chunks(sec["replicates"], sec["chunk_size"]))
        jobs[study] = n_settings * n_chunks + len(sec["families"])
        widest = max(widest, *sec["n_features"])
        sizes = {f"{study}.m": max(sec["m"]), "n_test": config["n_test"]}
        _put(job_bytes, sizes, max(sec["n_features"]))
    asym = config["asymptotic"]
    sizes = {"asymptotic.n_train": asym["n_train"], "asymptotic.n_test": asym["n_test"]}
    _put(job_bytes, sizes, widest)
    cal = config["calibration"]
    sizes = {"calibration.m": max(cal["m"]), "calibration.truth_n_test": cal["truth_n_test"]}
    _put(job_bytes, sizes, cal["n_features"])
    _put(job_bytes, {"calibration.pool_sizes": max(cal["pool_sizes"])}, cal["n_features"])
    jobs["calibration"] = len(cal["pool_sizes"]) + 1
    uci = config["uci"]
    n_uci_chunks = len(chunks(uci["replicates"], uci["chunk_size"]))
    jobs["uci"] = sum(
        len(uci["pairs"]) * n_uci_chunks + 1 + len(datasets.DATASETS[name].files)
        for name in uci["datasets"]
    )
    return ResourceEstimate(jobs=jobs, job_bytes=job_bytes)


def check_resources(
    config: Mapping[str, Any],
    studies: tuple[str, ...],
    max_jobs: int = MAX_JOBS,
    max_job_bytes: int = MAX_JOB_BYTES,
) -> ResourceEstimate:
    """Refuse a config whose estimated job count or job memory exceeds the limits.

    Raises
    ------
    ConfigError
        Naming the key to change and the estimate against the limit.
    """
    est = estimate(config, studies)
    if est.total_jobs > max_jobs:
        section = max(est.jobs, key=lambda k: est.jobs[k])
        raise ConfigError(
            f"config key '{section}.chunk_size': the config asks for about {est.total_jobs} "
            f"jobs ({est.jobs[section]} in {section}; limit {max_jobs}); allowed: a larger "
            f"{section}.chunk_size (replicates per job) or fewer replicates or settings"
        )
    for key, need in est.job_bytes.items():
        if need > max_job_bytes:
            raise ConfigError(
                f"config key '{key}': one job would need about {need / 2**30:.1f} GiB of "
                f"memory (limit {max_job_bytes / 2**30:.0f} GiB); allowed: a smaller {key} "
                "(or fewer features)"
            )
    return est


def _allowed(schema: Mapping[str, Any]) -> str:
    """What a (sub)schema allows, in words."""
    if "enum" in schema:
        return f"one of {list(schema['enum'])}"
    parts = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        parts.append(" or ".join(types))
    for key, op in (
        ("minimum", ">="),
        ("exclusiveMinimum", ">"),
        ("maximum", "<="),
        ("exclusiveMaximum", "<"),
    ):
        if key in schema:
            parts.append(f"{op} {schema[key]}")
    if "pattern" in schema:
        parts.append(f"matching {schema['pattern']}")
    if schema.get("uniqueItems"):
        parts.append("without duplicates")
    if "minItems" in schema:
        parts.append(f"with at least {schema['minItems']} item(s)")
    return ", ".join(parts) or "see config/config.schema.yaml"


def schema_error_message(error: Any) -> str:
    """One line naming the offending key and what is allowed, for a JSON Schema error.

    Parameters
    ----------
    error : jsonschema.exceptions.ValidationError
        The error raised by validating the config against ``config/config.schema.yaml``.

    Returns
    -------
    str
        ``"config key 'a.b[0]': <what is wrong>; allowed: <what the schema allows>"``.
    """
    key = _key(tuple(error.absolute_path))
    where = f"config key '{key}'" if key else "config (top level)"
    schema = error.schema
    if error.validator == "additionalProperties":
        known = set(schema.get("properties", {}))
        unknown = sorted(str(k) for k in error.instance if k not in known)
        return f"{where}: unknown key(s) {unknown}; known keys are {sorted(known)}"
    if error.validator in ("enum", "required"):
        return f"{where}: {error.message}"
    return f"{where}: {error.message}; allowed: {_allowed(schema)}"


__all__ = [
    "MAX_JOBS",
    "MAX_JOB_BYTES",
    "ConfigError",
    "ResourceEstimate",
    "check_numbers",
    "check_resources",
    "estimate",
    "schema_error_message",
]
