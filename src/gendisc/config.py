"""The study design read from a validated config, and the checks JSON Schema cannot express.

Snakemake validates the config against ``config/config.schema.yaml`` first (types, ranges,
enums, unknown keys, defaults); :func:`check` then runs the cross-field checks in the same
step, before any job is scheduled, and raises :class:`ConfigError` naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gendisc import generators, models, protocol


class ConfigError(ValueError):
    """An invalid configuration value; the message names the key and what is allowed."""


@dataclass(frozen=True)
class SyntheticCell:
    """One (setting, pair) of the synthetic grid."""

    setting: generators.Setting
    pair: str


def _get(config: Mapping[str, Any], dotted: str) -> Any:
    node: Any = config
    for part in dotted.split("."):
        node = node[part]
    return node


def synthetic_settings(config: Mapping[str, Any], section: str = "synthetic") -> list[generators.Setting]:
    """All settings of a synthetic section (families × n_features × levels), in config order.

    Raises
    ------
    ConfigError
        If a family cannot take one of the dimensions or levels.
    """
    sec = _get(config, section)
    out = []
    for family in sec["families"]:
        fam = generators.FAMILIES[family]
        for n in sec["n_features"]:
            if n < fam.min_features:
                raise ConfigError(
                    f"config key '{section}.n_features': family {family!r} needs n_features >= "
                    f"{fam.min_features}, got {n}"
                )
            for level in sec["levels"]:
                try:
                    out.append(
                        generators.Setting(
                            family=family,
                            n_features=int(n),
                            level=float(level),
                            separation=float(sec["separation"]),
                            prior=float(sec["prior"]),
                        )
                    )
                except ValueError as exc:
                    raise ConfigError(f"config key '{section}': {exc}") from exc
    return out


def synthetic_cells(config: Mapping[str, Any], section: str = "synthetic") -> list[SyntheticCell]:
    """Every (setting, pair) to run: each setting with each configured pair of its kind.

    Raises
    ------
    ConfigError
        If a configured family has no configured pair that applies to it.
    """
    sec = _get(config, section)
    pairs = list(sec["pairs"])
    cells = []
    for setting in synthetic_settings(config, section):
        kind = generators.FAMILIES[setting.family].kind
        matching = [p for p in pairs if models.PAIRS[p].kind == kind]
        if not matching:
            allowed = sorted(p for p, spec in models.PAIRS.items() if spec.kind == kind)
            raise ConfigError(
                f"config key '{section}.pairs': family {setting.family!r} ({kind} data) needs one "
                f"of the pairs {allowed}, got {pairs}"
            )
        cells.extend(SyntheticCell(setting, p) for p in matching)
    return cells


def check(config: Mapping[str, Any]) -> None:
    """Run the checks JSON Schema cannot express.

    Raises
    ------
    ConfigError
        On the first invalid value, naming the key and what is allowed.
    """
    synthetic_cells(config)
    protocol.chunks(config["replicates"], config["chunk_size"])
