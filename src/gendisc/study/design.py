"""The study design read from a validated config, and the checks JSON Schema cannot express.

Snakemake validates the config against ``config/config.schema.yaml`` first (types, ranges,
enums, unknown keys, defaults); :func:`check` then runs the cross-field checks in the same
step, before any job is scheduled, and raises :class:`ConfigError` naming the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gendisc.data import datasets, generators, readings, reference, user
from gendisc.models.pairs import pairs_for
from gendisc.study import c_sweep, calibration, chunks, held_out, validation
from gendisc.study import readings as study_readings
from gendisc.study.validation import ConfigError

#: config sections that are synthetic studies (their name is the `study` column); a section
#: with ``enabled: false`` has no settings
SYNTHETIC_STUDIES: tuple[str, ...] = (
    "synthetic",
    "dimension",
    "efron",
    "dimension_theorem",
    "asymmetric",
)

#: synthetic studies whose separations are per feature: a setting's Mahalanobis distance is
#: ``separation * sqrt(n)`` (Ng & Jordan's regime: the Bayes error falls with n)
PER_FEATURE_STUDIES: tuple[str, ...] = ("dimension_theorem",)


def active_studies(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The synthetic studies the config runs (sections not switched off by ``enabled``)."""
    return tuple(s for s in SYNTHETIC_STUDIES if config[s].get("enabled", True))


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


def synthetic_settings(
    config: Mapping[str, Any], section: str = "synthetic"
) -> list[generators.Setting]:
    """All settings of a synthetic section (families × n × levels × separations), in config order.

    Raises
    ------
    ConfigError
        If a family cannot take one of the dimensions or levels.
    """
    sec = _get(config, section)
    if not sec.get("enabled", True):
        return []
    per_feature = section in PER_FEATURE_STUDIES
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
                for separation in sec["separations"]:
                    try:
                        setting = generators.Setting(
                            family=family,
                            n_features=int(n),
                            level=float(level),
                            separation=float(separation) * (n**0.5 if per_feature else 1.0),
                            prior=float(sec["prior"]),
                        )
                    except ValueError as exc:
                        raise ConfigError(f"config key '{section}': {exc}") from exc
                    out.append(setting)
    seen: dict[str, generators.Setting] = {}
    for setting in out:
        twin = seen.setdefault(setting.id, setting)
        if twin is not setting:
            raise ConfigError(
                f"config key '{section}.levels': two settings get the same name {setting.id!r} "
                f"(levels {twin.level!r} and {setting.level!r}, separations {twin.separation!r} "
                f"and {setting.separation!r}); allowed: values that differ in their first 12 "
                "significant digits"
            )
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
        matching = pairs_for(kind, pairs)
        if not matching:
            allowed = sorted(pairs_for(kind))
            raise ConfigError(
                f"config key '{section}.pairs': family {setting.family!r} ({kind} data) needs one "
                f"of the pairs {allowed}, got {pairs}"
            )
        cells.extend(SyntheticCell(setting, p) for p in matching)
    return cells


@dataclass(frozen=True)
class PoolCell:
    """One (dataset, pair) of the UCI study, with its m grid."""

    dataset: str
    pair: str
    m: tuple[int, ...]


def uci_m_grid(config: Mapping[str, Any], dataset: str) -> tuple[int, ...]:
    """The m grid of a dataset: the config's override, else the paper's grid of its panel
    (:mod:`gendisc.data.reference`) up to the pool size minus one under the chosen readings.

    Raises
    ------
    ConfigError
        If a value of the override exceeds the largest m the dataset allows (its pool size
        minus one, under the chosen readings of :mod:`gendisc.data.readings`).
    """
    override = config["uci"].get("m", {}).get(dataset)
    try:
        chosen = study_readings.check(config["uci"].get("readings", {}))
    except ValueError as err:
        raise ConfigError(f"config key 'uci.readings': {err}") from None
    rows = readings.pool_rows(dataset, readings.data_part(chosen))
    held = chosen["test_set"] == "fixed_held_out"
    limit = (held_out.training_rows(rows) if held else rows) - 1
    if not override:
        return tuple(m for m in reference.panels()[dataset].m_grid if m <= limit)
    grid = tuple(int(m) for m in override)
    too_big = [m for m in grid if m > limit]
    if too_big:
        raise ConfigError(
            f"config key 'uci.m.{dataset}': m must be between 2 and {limit} (the pool size minus "
            f"one{', less the held-out part' if held else ''}), got {too_big}"
        )
    return grid


def uci_cells(config: Mapping[str, Any], root: Path | None = None) -> list[PoolCell]:
    """Every (dataset, pair) of the UCI study: each dataset with each configured pair of its kind.

    The user datasets of the ``datasets`` section follow the registered ones
    (:func:`user_cells`; ``root`` is the project folder, default the working directory).

    Raises
    ------
    ConfigError
        If a dataset has no configured pair of its kind or an m grid is invalid.
    """
    sec = config["uci"]
    cells = []
    for name in sec["datasets"]:
        kind = datasets.DATASETS[name].kind
        matching = pairs_for(kind, sec["pairs"])
        if not matching:
            allowed = sorted(pairs_for(kind))
            raise ConfigError(
                f"config key 'uci.pairs': dataset {name!r} ({kind} inputs) needs one of the pairs "
                f"{allowed}, got {list(sec['pairs'])}"
            )
        grid = uci_m_grid(config, name)
        cells.extend(PoolCell(name, p, grid) for p in matching)
    unused = sorted(set(sec.get("m", {})) - set(sec["datasets"]))
    if unused:
        raise ConfigError(
            f"config key 'uci.m': datasets {unused} are not in uci.datasets {list(sec['datasets'])}"
        )
    return cells + user_cells(config, root)


def user_cells(config: Mapping[str, Any], root: Path | None = None) -> list[PoolCell]:
    """Every (user dataset, pair): each entry of ``datasets`` with each ``uci.pairs`` of its kind.

    Reads and checks each file (:func:`gendisc.data.user.prepare`), so that a bad file, column
    or value stops the run here, before any job.

    Raises
    ------
    ConfigError
        Naming ``datasets.NAME.FIELD`` and the file or column, for each bad input.
    """
    root = Path.cwd() if root is None else Path(root)
    pairs = list(config["uci"]["pairs"])
    cells = []
    for name, spec in user.specs(config).items():
        if name in datasets.DATASETS:
            raise ConfigError(
                f"config key 'datasets.{name}': {name!r} is a UCI dataset's name; choose another"
            )
        matching = pairs_for(spec.kind, pairs)
        if not matching:
            allowed = sorted(pairs_for(spec.kind))
            raise ConfigError(
                f"config key 'uci.pairs': dataset {name!r} ({spec.kind} inputs) needs one of the "
                f"pairs {allowed}, got {pairs}"
            )
        try:
            pool = user.prepare(spec, root)
        except user.UserDataError as exc:
            raise ConfigError(f"config key 'datasets.{name}.{exc.field}': {exc}") from None
        cells.extend(PoolCell(name, p, pool.m_grid) for p in matching)
    return cells


def check(
    config: Mapping[str, Any],
    root: Path | None = None,
    schema: Mapping[str, Any] | None = None,
) -> None:
    """Run the checks JSON Schema cannot express (``root``: the project folder, default cwd).

    With the ``schema`` (the loaded ``config/config.schema.yaml``) the numbers are checked
    first (:func:`gendisc.study.validation.check_numbers`); the job count and the largest
    job's memory are checked last (:func:`gendisc.study.validation.check_resources`).

    Raises
    ------
    ConfigError
        On the first invalid value, naming the key and what is allowed.
    """
    if schema is not None:
        validation.check_numbers(config, schema)
    for section in SYNTHETIC_STUDIES:
        synthetic_cells(config, section)
    uci_cells(config, root)
    for section in (*active_studies(config), "uci"):
        try:
            chunks.chunks(config[section]["replicates"], config[section]["chunk_size"])
        except ValueError as exc:
            raise ConfigError(f"config key '{section}': {exc}") from exc
    check_stats(config)
    calibration_design(config)
    c_sweep_design(config)
    validation.check_resources(config, active_studies(config))


def check_stats(config: Mapping[str, Any]) -> None:
    """Cross-field checks of the ``stats`` section (the verdict rule).

    Raises
    ------
    ConfigError
        If ``stats.efron_m_min`` exceeds every m of the efron study.
    """
    m_min = int(config["stats"]["efron_m_min"])
    largest = max(config["efron"]["m"])
    if m_min > largest:
        raise ConfigError(
            f"config key 'stats.efron_m_min': must be <= the largest efron m ({largest}), "
            f"got {m_min}"
        )


def calibration_design(config: Mapping[str, Any]) -> calibration.CalibrationDesign:
    """The calibration study's design from the ``calibration`` section.

    Raises
    ------
    ConfigError
        If the setting is invalid, the pair does not fit the family, or an m is not below the
        smallest pool size.
    """
    try:
        return calibration.CalibrationDesign.from_config(config["calibration"])
    except ValueError as exc:
        raise ConfigError(f"config key 'calibration': {exc}") from exc


def c_sweep_design(config: Mapping[str, Any]) -> c_sweep.CSweepDesign | None:
    """The C sweep's design (None when the ``c_sweep`` section is absent or not enabled).

    Raises
    ------
    ConfigError
        If a setting of the section is invalid (the message names the value).
    """
    section = config.get("c_sweep", {})
    if not section.get("enabled", False):
        return None
    try:
        return c_sweep.CSweepDesign.from_config(section)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"config key 'c_sweep': {exc}") from exc


def uci_availability(
    config: Mapping[str, Any],
    cache_dir: Path,
    reachable: Callable[[str], bool],
) -> dict[str, str]:
    """Datasets that cannot be obtained in this run, with the reason (empty: all can).

    A dataset is obtainable when a ``data_mirror`` is configured (a broken mirror then fails
    loudly in the download rule), when all its files are already cached, or when its public
    source answers (``reachable(url)``). Datasets that are not obtainable are skipped, and
    the report lists them as not run.
    """
    if config.get("data_mirror"):
        return {}
    skipped: dict[str, str] = {}
    probed: dict[str, bool] = {}
    for name in config["uci"]["datasets"]:
        missing = [f for f in datasets.DATASETS[name].files if not (cache_dir / f.name).is_file()]
        for f in missing:
            host = f.url.split("/")[2]
            if host not in probed:
                probed[host] = reachable(f.url)
            if not probed[host]:
                skipped[name] = (
                    f"{f.name} is not cached, the public source {host} did not answer, and no "
                    "data_mirror is configured (set data_mirror=FOLDER_OR_URL to run it offline)"
                )
                break
    return skipped
