"""Naive Bayes' parameter convergence (issue 14 §5): the fit matches the estimator, and the
largest deviation behaves as the lemma says (falls like 1/sqrt(m), grows only slowly with n)."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc.data import generators
from gendisc.data.generators import Setting
from gendisc.models.estimators import SharedVarianceNB
from gendisc.study import parameter_convergence as pc
from gendisc.study.seeding import rng


def test_closed_form_matches_the_estimator() -> None:
    s = Setting("correlated_gaussian", 6, 0.0, 1.5, 0.3)
    x, y = generators.sample(s, 200, rng(0, "pc"), both_classes=True)
    means, var, prior = pc.nb_parameters(x, y)
    est = SharedVarianceNB(var_smoothing=0.0).fit(x, y)
    np.testing.assert_allclose(means, est.theta_, rtol=1e-12)
    np.testing.assert_allclose(var, est.var_, rtol=1e-12)
    assert prior == pytest.approx(est.class_prior_[1])


def test_known_truth_and_rates() -> None:
    settings = [Setting("correlated_gaussian", n, 0.0, 0.375 * np.sqrt(n)) for n in (2, 128)]
    table = pc.parameter_convergence(settings, [64, 4096], 30, seed=1, study="t")
    t = table.set_index(["n_features", "m"])
    for n in (2, 128):
        # 64x the examples: the deviation falls by about sqrt(64) = 8
        ratio = t.loc[(n, 64), "max_abs"] / t.loc[(n, 4096), "max_abs"]
        assert 5 < ratio < 12
    # 64x the features: the largest of 3n deviations grows like sqrt(log n), far below 64x
    growth = t.loc[(128, 64), "max_abs"] / t.loc[(2, 64), "max_abs"]
    assert 1.2 < growth < 3
    assert (table["max_abs_q10"] <= table["max_abs"]).all()
    assert (table["max_abs"] <= table["max_abs_q90"]).all()
    again = pc.parameter_convergence(settings, [64, 4096], 30, seed=1, study="t")
    assert again.equals(table)


def test_refuses_a_family_without_known_parameters() -> None:
    with pytest.raises(ValueError, match="heavy_tailed"):
        pc.parameter_convergence([Setting("heavy_tailed", 3, 0.5)], [8], 2, seed=0, study="t")
