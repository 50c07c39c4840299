"""Missing features on discrete inputs: marginalised categorical NB, one-hot with NaN blocks."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.naive_bayes import CategoricalNB

from gendisc.models import missing_discrete

KS = (3, 2, 4)


def _data(rng, n):
    X = np.column_stack([rng.integers(0, k, n) for k in KS]).astype(float)
    y = (X[:, 0] + rng.integers(0, 2, n) > 1).astype(int)
    return X, y


def test_no_missing_equals_scikit_learn_categorical_nb():
    rng = np.random.default_rng(0)
    X, y = _data(rng, 40)
    Xt, _ = _data(rng, 200)
    ref = CategoricalNB(alpha=1.0, min_categories=np.array(KS)).fit(X, y).predict(Xt)
    np.testing.assert_array_equal(missing_discrete.predict_categorical_nb(X, y, Xt, KS), ref)


def test_marginalising_equals_the_nb_fitted_without_those_features():
    rng = np.random.default_rng(1)
    X, y = _data(rng, 40)
    Xt, _ = _data(rng, 200)
    Xt_m = Xt.copy()
    Xt_m[:, 1] = np.nan  # feature 1 missing everywhere at test time
    keep = [0, 2]
    ref = CategoricalNB(alpha=1.0, min_categories=np.array(KS)[keep]).fit(X[:, keep], y)
    got = missing_discrete.predict_categorical_nb(X, y, Xt_m, KS)
    np.testing.assert_array_equal(got, ref.predict(Xt[:, keep]))


def test_onehot_missing_blocks_and_bad_codes():
    X = np.array([[0.0, 1.0, 3.0], [2.0, np.nan, 0.0]])
    hot = missing_discrete.onehot_missing(X, KS)
    np.testing.assert_array_equal(hot[0], [1, 0, 0, 0, 1, 0, 0, 0, 1])
    assert np.isnan(hot[1, 3:5]).all() and not np.isnan(hot[1, [0, 1, 2, 5, 6, 7, 8]]).any()
    np.testing.assert_array_equal(hot[1, [0, 1, 2, 5, 6, 7, 8]], [0, 0, 1, 1, 0, 0, 0])
    with pytest.raises(ValueError, match="exceeds"):
        missing_discrete.onehot_missing(np.array([[3.0, 0.0, 0.0]]), KS)
