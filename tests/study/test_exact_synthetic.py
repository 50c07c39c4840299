"""Synthetic replicates scored exactly (issue 14 §8) against the same replicates scored on
fresh test sets: same training sets, same fits, errors within the test sets' binomial noise."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gendisc.data import bayes, generators
from gendisc.study import reference, replicates
from gendisc.study.options import RunOptions

SETTING = generators.Setting("correlated_gaussian", 4, 0.67, 2.0, 0.4)
EXACT = RunOptions(seed=5, n_test=4000)
MONTE_CARLO = dataclasses.replace(EXACT, exact_test_error=False)


def _chunk(pair, options, setting=SETTING, m=(6, 40), reps=range(40)):
    return replicates.synthetic_chunk(setting, pair, m, reps, options, bayes_error=0.2)


@pytest.mark.parametrize("pair", ["nb_lr", "lda_lr"])
def test_exact_errors_match_monte_carlo_on_the_same_fits(pair):
    exact, mc = _chunk(pair, EXACT), _chunk(pair, MONTE_CARLO)
    assert (exact["n_test"] == 0).all() and (mc["n_test"] == 4000).all()
    # the training sets (hence the fits) are the same: only the scoring differs
    for col in ("stream_id", "separable", "n_warnings", "replicate", "model"):
        np.testing.assert_array_equal(exact[col].to_numpy(), mc[col].to_numpy())
    e, p = exact["test_error"].to_numpy(), mc["test_error"].to_numpy()
    z = (p - e) / np.sqrt(e * (1 - e) / 4000)
    assert np.abs(z).max() < 4.5  # every replicate within its test set's noise
    assert abs(z.mean()) < 4.5 / np.sqrt(z.size) * 2  # no bias (z's are correlated in pairs)
    bayes_value = bayes.bayes_error(SETTING).value
    assert np.all(e >= bayes_value) and np.unique(e).size == e.size  # real, distinct errors


def test_engines_agree_on_exact_errors():
    fast = _chunk("lda_lr", EXACT, reps=range(12))
    ref = _chunk("lda_lr", dataclasses.replace(EXACT, engine="sklearn"), reps=range(12))
    np.testing.assert_allclose(fast["test_error"], ref["test_error"], atol=1e-6)
    np.testing.assert_array_equal(fast["n_warnings"], ref["n_warnings"])
    np.testing.assert_array_equal(fast["separable"], ref["separable"])


@pytest.mark.parametrize(
    ("setting", "pair"),
    [
        (SETTING, "gnb_lr"),  # GaussianNB's rule is quadratic
        (generators.Setting("heavy_tailed", 3, 0.5), "nb_lr"),  # independent t coordinates
        (generators.Setting("dependent_binary", 3, 0.5), "bnb_lr"),
    ],
)
def test_monte_carlo_where_no_closed_form(setting, pair):
    rows = _chunk(pair, EXACT, setting=setting, m=(6,), reps=range(3))
    assert (rows["n_test"] == EXACT.n_test).all()
    assert replicates.exact_classes(setting, pair, EXACT) is None


def test_asymptotic_errors_stay_monte_carlo():
    """Claim 2 pairs the asymptotic errors on their shared test set: no exact scoring there."""
    opts = dataclasses.replace(EXACT, asymptotic_n_train=2_000, asymptotic_n_test=1_000)
    ref = reference.reference(SETTING, ["nb_lr"], opts)
    assert {r["n_test"] for r in ref["asymptotic"]} == {1_000}
