"""Every ambiguity of Ng & Jordan (2001) as a named reading with its alternatives.

One entry per reading: the question the paper leaves open, the alternatives, the config key
that selects one (``""`` when the study does not offer a choice yet) and how the report can
score it against the paper's curves (:mod:`gendisc.stats.fidelity`). The dataset readings'
alternatives are those of :data:`gendisc.data.readings.DATA_READINGS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
        The readings considered; the first is the study's default unless the config says
        otherwise.
    config_key : str
        Dotted config key selecting the alternative, or ``""`` (fixed in this study).
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
        "Gaussian naive Bayes' variance for continuous inputs: one per feature shared by the "
        "classes (the linear partner of LR) or one per feature and class",
        ("shared", "per_class"),
        "uci.pairs (nb_lr: shared, gnb_lr: per class; both run by default)",
        "continuous panels",
    ),
    "scaling": Reading(
        "scaling",
        "continuous inputs 'rescaled to [0, 1]': over the whole pool, or over each training "
        "set; it matters for LR's max-margin or random direction, not for naive Bayes",
        ("minmax_pool", "minmax_train", "none"),
        "",
        "continuous panels",
    ),
    "lenses": _data("lenses", "lenses"),
    "lymphography": _data("lymphography", "lymphography"),
    "adult": Reading(
        "adult",
        "adult's features: the 6 continuous ones (continuous panel) and the 8 categorical ones "
        "or all 14 with the continuous discretised (discrete panel); bins unstated",
        ("continuous6_categorical8", "all14_discretised"),
        "",
        "adult (continuous), adult (discrete)",
    ),
    "optdigits_pool": _data("optdigits_pool", "optdigits (0/1, 2/3)"),
    "test_set": Reading(
        "test_set",
        "the test set of a split: the rest of the pool or a fixed held-out part",
        ("rest_of_pool", "fixed_held_out"),
        "",
        "all panels",
    ),
}


def chosen(config: Mapping[str, Any]) -> dict[str, str]:
    """The alternative of every reading in a config (the default where it is fixed).

    For ``nb_variance`` both alternatives may run; the value names the faithful one.
    """
    uci = config.get("uci", {}) or {}
    data = uci.get("readings", {}) or {}
    out = {name: r.alternatives[0] for name, r in READINGS.items()}
    out["lr_separable"] = str(uci.get("lr_separable", out["lr_separable"]))
    for name in DATA_READINGS:
        out[name] = str(data.get(name, out[name]))
    return out
