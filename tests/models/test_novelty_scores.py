"""Novelty scores: the generative density, LR confidence and the Mahalanobis baseline."""

from __future__ import annotations

import numpy as np
from scipy.stats import multivariate_normal

from gendisc.models import novelty
from gendisc.models.novelty import auroc


def draw(size: int, seed: int, shift: float = 0.0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size)
    y[:2] = [0, 1]
    return rng.normal(size=(size, 3)) + 2.0 * y[:, None] * [1, 0, 0] + shift, y


def test_generative_score_is_the_mixture_density():
    X, y = draw(300, 0)
    Xt, _ = draw(20, 1)
    fit = novelty.smoothed_fit(X, y, diagonal=False)
    dens = sum(
        p * multivariate_normal(mu, fit.cov).pdf(Xt)
        for p, mu in zip(fit.priors, fit.means, strict=True)
    )
    score = novelty.neg_log_density(X, y, Xt, diagonal=False, lr_C=1e4)
    np.testing.assert_allclose(score, -np.log(dens))


def test_far_shift_is_separated_by_the_density_and_distance_but_not_by_lr():
    X, y = draw(300, 2)
    Xin, _ = draw(500, 3)
    # far along the direction LR ignores (feature 3): LR stays as confident as on typical inputs
    Xout, _ = draw(500, 4, shift=np.array([0.0, 0.0, 8.0]))
    res = {}
    for name, (score, _) in novelty.SCORES.items():
        res[name] = auroc(
            score(X, y, Xin, diagonal=True, lr_C=1e4), score(X, y, Xout, diagonal=True, lr_C=1e4)
        )
    assert res["neg_log_density"] > 0.999
    assert res["mahalanobis"] > 0.999
    assert abs(res["lr_confidence"] - 0.5) < 0.1
    Xc, _ = draw(50, 5)
    dist = novelty.mahalanobis(X, y, Xc, diagonal=True, lr_C=1.0)
    fit = novelty.smoothed_fit(X, y, diagonal=False)
    inv = np.linalg.inv(fit.cov)
    ref = np.sqrt(
        np.min([np.einsum("si,ij,sj->s", Xc - mu, inv, Xc - mu) for mu in fit.means], axis=0)
    )
    np.testing.assert_allclose(dist, ref)
