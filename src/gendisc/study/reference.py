"""Reference values of a synthetic setting: its Bayes error and each model's asymptotic error."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from gendisc.data import bayes, generators
from gendisc.data.bayes import BayesError
from gendisc.models import engine
from gendisc.models.pairs import PAIRS
from gendisc.study import keys, seeding, storage
from gendisc.study.options import RunOptions
from gendisc.study.outputs import TABLES

#: columns of :func:`asymptotic_table` (defined once, in the output-table registry), and the key
#: it is sorted by
ASYMPTOTIC_COLUMNS: tuple[str, ...] = TABLES["asymptotic"].columns
ASYMPTOTIC_KEY: tuple[str, ...] = ("study", "dataset", "pair", "role")


def bayes_error(setting: generators.Setting, options: RunOptions) -> BayesError:
    """The Bayes error of a setting, from its own stream (same in every job that needs it)."""
    rng = seeding.rng(options.seed, "bayes", setting.id)
    return bayes.bayes_error(setting, n_mc=options.n_mc, rng=rng)


def reference(
    setting: generators.Setting, pairs: Sequence[str], options: RunOptions
) -> dict[str, Any]:
    """Reference values of a setting: its Bayes error and each model's asymptotic error.

    The asymptotic error of a model is its test error when fitted on
    ``options.asymptotic_n_train`` examples (a very large sample) and scored on
    ``options.asymptotic_n_test`` fresh ones, the same for both models; ``n_only_wrong`` counts
    the test examples that only this model misclassifies (the discordant pairs of the paired
    comparison).

    Returns
    -------
    dict
        ``{"setting": ..., "bayes": {"value", "se", "method"}, "asymptotic": [{"pair",
        "model", "role", "asymptotic_error", "n_train", "n_test", "n_only_wrong"}, ...]}`` (JSON-ready).
    """
    n_train, n_test = options.asymptotic_n_train, options.asymptotic_n_test
    rows = []
    for pair in pairs:
        gen = seeding.rng(options.seed, "asymptotic", setting.id, pair)
        x_tr, y_tr = generators.sample(setting, n_train, gen, both_classes=True)
        x_te, y_te = generators.sample(setting, n_test, gen)
        result = engine.evaluate_pair(
            pair,
            x_tr[None],
            y_tr[None],
            x_te[None],
            y_te[None],
            engine=options.engine,
            lr_C=options.lr_C,
            n_categories=generators.n_categories(setting),
        )
        spec = PAIRS[pair]
        models = (spec.generative, spec.discriminative)
        only = result.only_wrong[0]
        for role, model, err, k in zip(keys.ROLES, models, result.test_error[0], only, strict=True):
            rows.append(
                {
                    "pair": pair,
                    "model": model,
                    "role": role,
                    "asymptotic_error": float(err),
                    "n_train": n_train,
                    "n_test": n_test,
                    "n_only_wrong": int(k),
                }
            )
    return {
        "setting": dataclasses.asdict(setting),
        "dataset": setting.id,
        "bayes": dataclasses.asdict(bayes_error(setting, options)),
        "asymptotic": rows,
    }


def family_reference(entries: Sequence[Mapping[str, Any]], options: RunOptions) -> dict[str, Any]:
    """:func:`reference` of several settings (``{"setting": dict, "pairs": [...]}`` each).

    Returns
    -------
    dict
        ``{"settings": [reference, ...]}`` in the order given (JSON-ready).
    """
    return {
        "settings": [
            reference(generators.Setting(**entry["setting"]), entry["pairs"], options)
            for entry in entries
        ]
    }


def check_family_reference(ref: Any, path: str) -> Mapping[str, Any]:
    """``ref`` if it has the shape :func:`family_reference` writes, else a ValueError naming ``path``.

    Raises
    ------
    ValueError
        If the file's content is not a family reference (the message says how to rebuild it).
    """
    ok = (
        isinstance(ref, Mapping)
        and isinstance(ref.get("settings"), list)
        and all(
            isinstance(s, Mapping) and {"dataset", "bayes", "asymptotic"} <= set(s)
            for s in ref["settings"]
        )
    )
    if not ok:
        raise storage.UnreadableFile(
            f"{path} is not a reference file written by this workflow; {storage.rebuild_hint(path)}"
        )
    return ref


def bayes_of(family_ref: Mapping[str, Any], setting_id: str) -> float:
    """The Bayes error of ``setting_id`` in a :func:`family_reference` output.

    Raises
    ------
    ValueError
        If the setting is not in it.
    """
    for ref in family_ref["settings"]:
        if ref["dataset"] == setting_id:
            return float(ref["bayes"]["value"])
    raise ValueError(f"setting {setting_id!r} is not in this reference file")


def asymptotic_table(references: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (study, dataset, pair, role) from :func:`family_reference` outputs, sorted."""
    rows = [
        {"study": fam["study"], "dataset": ref["dataset"], **row}
        for fam in references
        for ref in fam["settings"]
        for row in ref["asymptotic"]
    ]
    frame = pd.DataFrame(rows, columns=list(ASYMPTOTIC_COLUMNS))
    return frame.sort_values(list(ASYMPTOTIC_KEY), kind="mergesort").reset_index(drop=True)


__all__ = [
    "ASYMPTOTIC_COLUMNS",
    "asymptotic_table",
    "bayes_error",
    "bayes_of",
    "check_family_reference",
    "family_reference",
    "reference",
]
