"""The contract every registered model pair keeps (in the spirit of sklearn's
``parametrize_with_checks``): adding a pair is one entry of ``PAIRS``, and these checks run on it.

Data come from the synthetic families of the pair's kind, so a new pair is checked on every
family it can be paired with in a study.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from gendisc.data import generators
from gendisc.data.kinds import KINDS
from gendisc.models.estimators import predict_ties_to_0
from gendisc.models.fast_predict import predict_batch
from gendisc.models.linear_batch import LinearBatch
from gendisc.models.pairs import PAIRS, get_pair, pairs_for

#: (pair, family) for every family a pair accepts
PAIR_FAMILIES = [
    (pair, family)
    for pair in PAIRS
    for family, spec in generators.FAMILIES.items()
    if PAIRS[pair].accepts(spec.kind)
]
R, M, T = 4, 30, 200


def draws(family: str, seed: int):
    """R training sets (M examples, both classes) and R test sets of a family at level 0.5."""
    setting = generators.Setting(family, max(4, generators.FAMILIES[family].min_features), 0.5)
    rng = np.random.default_rng(seed)
    train = [generators.sample(setting, M, rng, both_classes=True) for _ in range(R)]
    test = [generators.sample(setting, T, rng) for _ in range(R)]
    X, y = (np.stack([d[i] for d in train]).astype(np.float64) for i in (0, 1))
    Xt, yt = (np.stack([d[i] for d in test]).astype(np.float64) for i in (0, 1))
    return X, y, Xt, yt, generators.n_categories(setting)


@pytest.mark.parametrize("name", list(PAIRS))
def test_pair_entry_is_well_formed(name):
    """The key is the name; every text field is set; a deviation is written iff not faithful."""
    pair = PAIRS[name]
    assert pair.name == name and get_pair(name) is pair
    assert pair.kind in KINDS
    for field in ("generative", "discriminative", "label", "description"):
        assert getattr(pair, field).strip(), field
    assert pair.faithful == (pair.deviation == "")


@pytest.mark.parametrize("name", list(PAIRS))
def test_pair_accepts_exactly_its_kind(name):
    """One answer to "does this pair fit these data?": accepts, check_accepts and pairs_for."""
    pair = PAIRS[name]
    for kind in KINDS:
        assert pair.accepts(kind) == (kind == pair.kind)
        assert (name in pairs_for(kind)) == (kind == pair.kind)
        if kind != pair.kind:
            with pytest.raises(ValueError, match=rf"pair '{name}' fits {pair.kind} data but X is"):
                pair.check_accepts(kind, "X")
        else:
            pair.check_accepts(kind, "X")
    assert any(f.kind == pair.kind for f in generators.FAMILIES.values())


def test_pairs_for_partitions_the_registry_and_keeps_order():
    assert sorted(n for kind in KINDS for n in pairs_for(kind)) == sorted(PAIRS)
    among = list(reversed(PAIRS))
    assert pairs_for(PAIRS[among[0]].kind, among)[0] == among[0]
    with pytest.raises(ValueError, match="unknown pair 'svm_lr'"):
        pairs_for("continuous", ["svm_lr"])


@pytest.mark.parametrize(("name", "family"), PAIR_FAMILIES)
def test_reference_estimators_are_fresh_unfitted_classifiers(name, family):
    ks = draws(family, 0)[4]
    first = PAIRS[name].make_estimators(lr_C=1.0, n_categories=ks)
    second = PAIRS[name].make_estimators(lr_C=1.0, n_categories=ks)
    for a, b in zip(first, second, strict=True):
        assert a is not b and is_classifier(a) and is_classifier(clone(a))
        with pytest.raises(NotFittedError):
            check_is_fitted(a)


@pytest.mark.parametrize(("name", "family"), PAIR_FAMILIES)
def test_fast_fit_predicts_as_the_reference(name, family):
    """The pair's fast batched fit and the scikit-learn reference make the same predictions,
    replicate by replicate, for both models, on training and test points."""
    X, y, Xt, _, ks = draws(family, 1)
    pair = PAIRS[name]
    models = pair.fit_fast(X, y, n_categories=ks)
    assert all(isinstance(model, LinearBatch) for model in models)
    for r in range(R):
        refs = pair.fit_reference(X[r], y[r], n_categories=ks)[:2]
        for model, ref in zip(models, refs, strict=True):
            for inputs in (X, Xt):
                fast = predict_batch(model, inputs, ks)[r]
                np.testing.assert_array_equal(fast, predict_ties_to_0(ref, inputs[r]))


@pytest.mark.parametrize(("name", "family"), PAIR_FAMILIES)
def test_fast_fit_of_a_replicate_does_not_depend_on_its_batch(name, family):
    X, y, _, _, ks = draws(family, 2)
    batch = PAIRS[name].fit_fast(X, y, n_categories=ks)
    for r in (0, R - 1):
        alone = PAIRS[name].fit_fast(X[r : r + 1], y[r : r + 1], n_categories=ks)
        for b, a in zip(batch, alone, strict=True):
            assert b.feature == a.feature
            np.testing.assert_array_equal(b.coef[r], a.coef[0])
            np.testing.assert_array_equal(b.intercept[r], a.intercept[0])


@pytest.mark.parametrize("name", list(PAIRS))
def test_check_inputs_refuses_what_the_pair_cannot_fit(name):
    pair = PAIRS[name]
    family = next(f for f, spec in generators.FAMILIES.items() if pair.accepts(spec.kind))
    X, _, _, _, ks = draws(family, 3)
    assert pair.check_inputs(X, "X", ks) == (None if ks is None else tuple(ks))
    bad = X.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="X has non-finite values"):
        pair.check_inputs(bad, "X", ks)
    if ks is not None:
        codes = X.copy()
        codes[0, 0, 0] = ks[0]  # one past the last category
        with pytest.raises(ValueError, match="integer codes"):
            pair.check_inputs(codes, "X", ks)
        with pytest.raises(ValueError, match="one entry per feature"):
            pair.check_inputs(X, "X", ks[:-1])


def test_every_family_and_dataset_has_a_pair_that_accepts_it():
    from gendisc.data.datasets import DATASETS

    for source in (*generators.FAMILIES.values(), *DATASETS.values()):
        assert pairs_for(source.kind), source.name
