"""Tests of learning-curve fits (gendisc.stats.curves)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.stats import curves
from gendisc.study.seeding import rng

M = np.array([8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096], dtype=float)


@pytest.mark.parametrize(("a", "b", "c"), [(0.1, 2.0, 0.7), (0.25, 0.5, 0.3), (0.02, 10.0, 1.5)])
def test_power_fit_recovers_noiseless_parameters(a, b, c):
    y = a + b * M ** (-c)
    fit = curves.fit_curve(M, y, np.full(M.size, 0.01), "power")
    assert fit.params["a"] == pytest.approx(a, abs=1e-6)
    assert fit.params["b"] == pytest.approx(b, rel=1e-4)
    assert fit.params["c"] == pytest.approx(c, rel=1e-4)
    np.testing.assert_allclose(fit.predict(M), y, atol=1e-8)


def test_power_fit_recovers_noisy_parameters():
    a, b, c, se = 0.1, 2.0, 0.7, 0.002
    g = rng(0, "test_curves", "noisy")
    est = []
    for _ in range(20):
        y = a + b * M ** (-c) + g.normal(0, se, M.size)
        est.append(list(curves.fit_curve(M, y, np.full(M.size, se)).params.values()))
    mean = np.mean(est, axis=0)
    assert mean[0] == pytest.approx(a, abs=0.003)
    assert mean[2] == pytest.approx(c, abs=0.05)
    assert mean[1] == pytest.approx(b, rel=0.15)


def test_aicc_prefers_the_generating_form():
    se = np.full(M.size, 0.001)
    inverse = curves.summarize_curve(M, 0.1 + 3.0 / M, se)
    assert inverse.best_form == "inverse"  # power fits as well but has one more parameter
    power = curves.summarize_curve(M, 0.1 + 2.0 * M**-0.4, se)
    assert power.best_form == "power"
    assert power.delta_aicc["inverse"] > 10


def test_flattening_rule():
    se = np.full(M.size, 0.001)
    flat = curves.summarize_curve(M, 0.1 + 2.0 * M**-1.0, se, flat_fraction=0.1)
    assert flat.flattened and flat.asymptote == pytest.approx(0.1, abs=1e-6)
    # slow decay observed over a short range: most of the drop is still to come
    short = M[:5]
    steep = curves.summarize_curve(short, 0.1 + 0.5 * short**-0.15, se[:5], flat_fraction=0.1)
    assert not steep.flattened and steep.asymptote is None
    assert steep.remaining_drop > 0.1 * steep.observed_drop


def test_fit_curves_table():
    rows = []
    for model, role, a in (("nb", "generative", 0.2), ("lr", "discriminative", 0.1)):
        for m in M:
            key = {"study": "s", "dataset": "d", "pair": "p", "model": model, "role": role}
            rows.append(key | {"m": int(m), "R": 10, "mean_err": a + m**-0.5, "se_err": 0.001})
    table = curves.fit_curves(pd.DataFrame(rows)).set_index("model")
    assert table.loc["nb", "asymptote"] == pytest.approx(0.2, abs=1e-4)
    assert table.loc["lr", "asymptote"] == pytest.approx(0.1, abs=1e-4)
    assert table.loc["nb", "c"] == pytest.approx(0.5, abs=1e-4)
