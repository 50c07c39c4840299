"""The training-cost measurement of ``make bench`` (issue 15 §5): structure, not speed."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc import bench_cost


def test_scaling_exponent_recovers_a_power_law():
    sizes = np.array([10, 100, 1000])
    assert bench_cost.scaling_exponent(sizes, 3e-6 * sizes**1.5) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="two different sizes"):
        bench_cost.scaling_exponent(np.array([5, 5]), np.array([1.0, 2.0]))


def test_training_cost_reports_every_model_and_size():
    out = bench_cost.training_cost(1, m_grid=(16, 64), n_grid=(2, 4))
    assert set(out["models"]) == set(bench_cost.COST_MODELS)
    for model in out["models"].values():
        assert set(model["seconds_by_m"]) == {"16", "64"} and set(model["seconds_by_n"]) == {
            "2",
            "4",
        }
        assert all(
            v > 0 for v in (*model["seconds_by_m"].values(), *model["seconds_by_n"].values())
        )
        assert np.isfinite(model["exponent_m"]) and np.isfinite(model["exponent_n"])
    assert set(out["lr_over_nb_by_m"]) == {"16", "64"}
    with pytest.raises(ValueError, match="model must be one of"):
        bench_cost.cpu_per_fit("svm", np.zeros((4, 2)), np.array([0, 1, 0, 1]), 1)
