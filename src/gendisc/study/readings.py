"""Every ambiguity of Ng & Jordan (2001) as a named reading with its alternatives.

One entry per reading: the question the paper leaves open, the alternatives, the config key
that selects one and how the report scores it against the paper's curves
(:mod:`gendisc.stats.fidelity`). The dataset readings' alternatives are those of
:data:`gendisc.data.readings.DATA_READINGS` (config ``uci.readings.<name>``); the study's own
are the LR rule on separable sets (``uci.lr_separable``), naive Bayes' variance on the
continuous panels and the test set of a split (``uci.readings.nb_variance``,
``uci.readings.test_set``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gendisc.data import readings as data_readings
from gendisc.data.datasets import DATASETS
from gendisc.data.kinds import CONTINUOUS
from gendisc.data.readings import DATA_READINGS
from gendisc.models.separable import LR_SEPARABLE_RULES


@dataclass(frozen=True)
class Reading:
    """A named ambiguity of the paper.

    Attributes
    ----------
    name : str
        Registry key.
    question : str
        What the paper leaves open.
    alternatives : tuple of str
        The readings considered; the first is the literal one (the schema's default unless the
        criterion chose another, see :data:`DEFAULTS`).
    config_key : str
        Dotted config key selecting the alternative.
    scope : str
        The panels it concerns.
    """

    name: str
    question: str
    alternatives: tuple[str, ...]
    config_key: str
    scope: str


def _data(name: str, scope: str) -> Reading:
    r = DATA_READINGS[name]
    return Reading(name, r.question, tuple(r.alternatives), f"uci.readings.{name}", scope)


#: the pair whose generative model is each alternative of the NB-variance reading
NB_VARIANCE_PAIRS = {"per_class": "gnb_lr", "shared": "nb_lr"}
#: the test-set alternatives: every row not in the training set, or a fixed quarter of the pool
TEST_SETS = ("rest_of_pool", "fixed_held_out")

READINGS: dict[str, Reading] = {
    "lr_separable": Reading(
        "lr_separable",
        "logistic regression on a linearly separable training set has no minimiser; the paper "
        "(footnote 2) drew a separating hyperplane at random by MCMC",
        LR_SEPARABLE_RULES[::-1],
        "uci.lr_separable",
        "all panels",
    ),
    "nb_variance": Reading(
        "nb_variance",
        "Gaussian naive Bayes' variance for continuous inputs: one per feature and class, or "
        "one per feature shared by the classes (the linear partner of LR); the pair drawn and "
        "tested on the continuous panels (both pairs run when uci.pairs holds them)",
        tuple(NB_VARIANCE_PAIRS),
        "uci.readings.nb_variance",
        "continuous panels",
    ),
    "scaling": _data("scaling", "continuous panels"),
    "lenses": _data("lenses", "lenses"),
    "lymphography": _data("lymphography", "lymphography"),
    "discretisation": _data("discretisation", "adult (discrete), sick"),
    "optdigits_pool": _data("optdigits_pool", "optdigits (0/1, 2/3)"),
    "test_set": Reading(
        "test_set",
        "the test set of a split: the rest of the pool, or a fixed held-out part (a random "
        "quarter of the pool drawn once per dataset; training sets from the other rows)",
        TEST_SETS,
        "uci.readings.test_set",
        "all panels",
    ),
}
#: the study's readings under ``uci.readings`` (the others there are the data's)
STUDY_KEYS = ("nb_variance", "test_set")


def study_part(readings: Mapping[str, str]) -> dict[str, str]:
    """The study readings of a config's ``uci.readings``, defaults filled in; ValueError on a
    bad value."""
    out = {name: READINGS[name].alternatives[0] for name in STUDY_KEYS}
    for name in STUDY_KEYS:
        if name in readings:
            if readings[name] not in READINGS[name].alternatives:
                allowed = list(READINGS[name].alternatives)
                raise ValueError(
                    f"reading {name!r} must be one of {allowed}, got {readings[name]!r}"
                )
            out[name] = str(readings[name])
    return out


def check(readings: Mapping[str, str]) -> dict[str, str]:
    """Every reading of a config's ``uci.readings`` with defaults; ValueError naming a bad one."""
    unknown = sorted(set(readings) - set(DATA_READINGS) - set(STUDY_KEYS))
    if unknown:
        raise ValueError(f"unknown readings {unknown}; known: {[*DATA_READINGS, *STUDY_KEYS]}")
    return data_readings.check(data_readings.data_part(readings)) | study_part(readings)


def chosen(config: Mapping[str, Any]) -> dict[str, str]:
    """The alternative of every reading in a config (its default where the config is silent)."""
    uci = config.get("uci", {}) or {}
    out = check(uci.get("readings", {}) or {})
    out["lr_separable"] = str(uci.get("lr_separable", READINGS["lr_separable"].alternatives[0]))
    return {name: out[name] for name in READINGS}


def replica_pair(dataset: str, config: Mapping[str, Any], run: set[str] | None = None) -> str:
    """The pair drawn as Ng & Jordan's on a UCI panel (Figure 1, the fidelity scores, claims).

    Continuous panels: the pair of the chosen NB-variance reading (:data:`NB_VARIANCE_PAIRS`);
    discrete panels: ``bnb_lr``. When ``run`` (the pairs the run holds for the panel) lacks
    that pair, the run's faithful pair of the panel's kind (``nb_lr``), else the first run.
    """
    kind = DATASETS[dataset].kind if dataset in DATASETS else CONTINUOUS
    want = NB_VARIANCE_PAIRS[chosen(config)["nb_variance"]] if kind == CONTINUOUS else "bnb_lr"
    if run is None or want in run:
        return want
    fallback = "nb_lr" if kind == CONTINUOUS else "bnb_lr"
    return fallback if fallback in run else sorted(run)[0]


__all__ = [
    "NB_VARIANCE_PAIRS",
    "READINGS",
    "STUDY_KEYS",
    "TEST_SETS",
    "Reading",
    "check",
    "chosen",
    "replica_pair",
    "study_part",
]
