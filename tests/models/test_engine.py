"""The fast engine against the sklearn reference, and the engines' contracts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import linprog

from gendisc.models import engine, estimators
from gendisc.models.constants import TIE_RTOL
from gendisc.models.engine import evaluate_pair, evaluate_pair_on_pool
from gendisc.models.fast_fit import fit_logistic_batch
from gendisc.models.fast_predict import decision_batch
from gendisc.models.linear_batch import LinearBatch
from gendisc.models.pairs import PAIRS
from gendisc.models.sklearn_engine import fit_reference

KS = (2, 3, 4, 3, 2)
T = 150  # test points per replicate
#: generative decision values: |fast - sklearn| <= GEN_RTOL * (1 + sum of |terms| + |jll|);
#: the |jll| part is the rounding of sklearn's own class-wise sums (a constant feature has
#: variance epsilon, so both classes' jll are ~1e9 and sklearn's difference loses ~1e-7)
GEN_RTOL = 1e-10
#: LR decision values: |fast - sklearn| <= LR_RTOL * (1 + sum of |terms|) (measured max 2.3e-7)
LR_RTOL = 1e-5

# name -> (R, m, n, options); discrete cells use min(n, 5) features
CELLS = {
    "m2": (12, 2, 4, {}),
    "m3_n_gt_m": (12, 3, 8, {}),
    "n_gt_m_near_singular": (6, 10, 30, {}),
    "separable": (6, 40, 5, {"shift": 6.0}),
    "constant_feature": (6, 30, 5, {"constant": True}),
    "duplicated_rows": (6, 20, 3, {"duplicate": True}),
    "extreme_prior": (6, 60, 4, {"prior": 0.05}),
    "overlapping": (6, 200, 10, {"shift": 0.3}),
}


def make_cell(pair: str, cell: str, seed: int):
    """Training and test arrays of a cell; discrete cells never see the top category of
    their last feature in training (unseen categories)."""
    R, m, n, opt = CELLS[cell]
    rng = np.random.default_rng(seed)
    prior = opt.get("prior", 0.5)
    y = (rng.random((R, m)) < prior).astype(np.float64)
    y[:, :2] = [0.0, 1.0]
    yt = (rng.random((R, T)) < prior).astype(np.float64)
    if PAIRS[pair].kind == "discrete":
        ks = np.array(KS[: min(n, 5)])

        def draw(lab):
            X = np.where(rng.random((*lab.shape, ks.size)) < 0.5, lab[..., None] * (ks - 1), 0)
            return np.where(rng.random(X.shape) < 0.5, X, rng.integers(0, ks, X.shape)).astype(
                np.float64
            )

        X, Xt = draw(y), draw(yt)
        X[:, :, -1] = np.minimum(X[:, :, -1], ks[-1] - 2)
        if opt.get("duplicate"):
            X[:, 2::2], y[:, 2::2] = X[:, :1], y[:, :1]
        return X, y, Xt, yt, tuple(int(k) for k in ks)
    scale = rng.uniform(0.5, 3.0, n)
    shift = opt.get("shift", 1.0)
    X = (rng.normal(size=(R, m, n)) + shift * y[..., None]) * scale
    Xt = (rng.normal(size=(R, T, n)) + shift * yt[..., None]) * scale
    if opt.get("constant"):
        X[:, :, 0] = 1.5
    if opt.get("duplicate"):
        X[:, 2::2], y[:, 2::2] = X[:, :1], y[:, :1]
    return X, y, Xt, yt, None


def reference_decision(est, X):
    """sklearn's decision values and the magnitude of its own class-wise terms."""
    if hasattr(est, "predict_joint_log_proba"):
        jll = est.predict_joint_log_proba(X)
        return jll[:, 1] - jll[:, 0], np.abs(jll).sum(axis=1)
    if hasattr(est, "decision_function"):
        return est.decision_function(X), np.zeros(len(X))
    return np.zeros(len(X)), np.zeros(len(X))  # DummyClassifier: degenerate LDA, d = log 1


ALL = [(p, c) for p in sorted(PAIRS) for c in CELLS]


@pytest.mark.parametrize(("pair", "cell"), ALL)
def test_fast_matches_sklearn_replicate_by_replicate(pair, cell):
    """Fast and sklearn engines fit the same models and make the same test errors.

    Decision values agree within GEN_RTOL (generative; max measured 5e-15 relative to
    the terms' magnitude) and LR_RTOL (LR; max measured 2.3e-7). Predictions differ only at
    test points within 1e-8 (generative) / LR_RTOL (LR) of the boundary, relative to the
    magnitude of the terms: measured over all 32 (pair, cell) combinations, 0 of ~23,000
    continuous generative/LR predictions differ; for the discrete pair, ~2.5% of
    ``estimator.predict``'s LR test predictions differ, all exact ties (|d| < 1e-15) where
    sklearn's choice is rounding noise. Both engines score with the study's tie rule (ties go
    to class 0), so their test errors agree exactly: 480 of 480 replicates here.
    """
    X, y, Xt, yt, ks = make_cell(pair, cell, seed=hash_free_seed(pair, cell))
    gen, disc = PAIRS[pair].fit_fast(X, y, n_categories=ks)
    fast = evaluate_pair(pair, X, y, Xt, yt, engine="fast", n_categories=ks)
    ref = evaluate_pair(pair, X, y, Xt, yt, engine="sklearn", n_categories=ks)
    np.testing.assert_array_equal(fast.n_test, ref.n_test)
    for r in range(X.shape[0]):
        ests = fit_reference(pair, X[r], y[r], n_categories=ks)
        for j, (batch, band) in enumerate(((gen, 1e-8), (disc, LR_RTOL))):
            model = replicate(batch, r)
            d = decision_batch(model, Xt[r : r + 1], ks)[0]
            mag = 1.0 + decision_batch(model, Xt[r : r + 1], ks, magnitude=True)[0]
            d_ref, jll_mag = reference_decision(ests[j], Xt[r])
            tol = (GEN_RTOL if j == 0 else LR_RTOL) * (mag + jll_mag)
            assert np.all(np.abs(d - d_ref) <= tol), (r, j, np.max(np.abs(d - d_ref) / tol))
            differ = (d > TIE_RTOL * mag) != (ests[j].predict(Xt[r]) == 1)
            assert np.all(np.abs(d[differ]) <= band * mag[differ] + tol[differ])
            # the error difference is explained by the boundary points alone
            assert abs(fast.test_error[r, j] - ref.test_error[r, j]) <= differ.sum() / T + 1e-15
    np.testing.assert_array_equal(fast.separable, ref.separable)
    np.testing.assert_array_equal(fast.test_error, ref.test_error)
    assert np.all(np.isfinite(fast.test_error))
    # discordant counts: same in both engines, and they alone make the error difference
    np.testing.assert_array_equal(fast.only_wrong, ref.only_wrong)
    gap = (fast.only_wrong[:, 0] - fast.only_wrong[:, 1]) / fast.n_test
    np.testing.assert_allclose(gap, fast.test_error[:, 0] - fast.test_error[:, 1], atol=1e-12)


def replicate(batch: LinearBatch, r: int) -> LinearBatch:
    sl = slice(r, r + 1)
    return LinearBatch(batch.feature, batch.coef[sl], batch.intercept[sl], batch.n_warnings[sl])


def hash_free_seed(*labels: str) -> int:
    """A stable per-test seed (no Python hash())."""
    return int.from_bytes("/".join(labels).encode(), "little") % (2**32)


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_generative_parameters_match_sklearn_to_1e10(pair):
    """NB parameters: the fast engine's linear form equals the one built from sklearn's
    fitted theta_/var_/class_prior_ (or feature_log_prob_) to 1e-10; LDA's coef_ to 1e-8."""
    X, y, _, _, ks = make_cell(pair, "overlapping", seed=3)
    gen, _ = PAIRS[pair].fit_fast(X, y, n_categories=ks)
    for r in range(X.shape[0]):
        est = fit_reference(pair, X[r], y[r], n_categories=ks)[0]
        if pair == "lda_lr":
            coef, b = est.coef_[0], est.intercept_[0]
            tol = 1e-8
        elif pair == "bnb_lr":
            flp = est.feature_log_prob_
            coef = np.concatenate([f[1] - f[0] for f in flp])
            b = est.class_log_prior_[1] - est.class_log_prior_[0]
            tol = 1e-10
        else:
            th, v, pr = est.theta_, est.var_, est.class_prior_
            v = np.broadcast_to(v, th.shape)
            a = th[1] / v[1] - th[0] / v[0]
            if pair == "nb_lr":
                coef = a
            else:
                coef = np.concatenate([a, -0.5 * (1 / v[1] - 1 / v[0])])
            b = (
                -0.5 * np.sum(np.log(v[1] / v[0]))
                - 0.5 * np.sum(th[1] ** 2 / v[1] - th[0] ** 2 / v[0])
                + np.log(pr[1] / pr[0])
            )
            tol = 1e-10
        np.testing.assert_allclose(gen.coef[r], coef, rtol=tol, atol=tol * np.abs(coef).max())
        assert gen.intercept[r] == pytest.approx(b, rel=tol, abs=tol)


def test_logistic_batch_matches_sklearn_coefficients():
    X, y, _, _, _ = make_cell("nb_lr", "overlapping", seed=4)
    coef, intercept, conv = fit_logistic_batch(X, y, lr_C=1e4)
    assert conv.all()
    for r in range(X.shape[0]):
        lr = estimators.make_logistic_regression(1e4).fit(X[r], y[r])
        np.testing.assert_allclose(coef[r], lr.coef_[0], rtol=1e-6, atol=1e-8)
        assert intercept[r] == pytest.approx(lr.intercept_[0], rel=1e-6, abs=1e-8)


def test_logistic_batch_counts_non_convergence():
    X, y, _, _, _ = make_cell("nb_lr", "separable", seed=5)
    _, _, conv = fit_logistic_batch(X, y, lr_C=1e4, max_iter=2)
    assert not conv.any()
    res = evaluate_pair("nb_lr", X, y, X, y)  # default iterations converge
    assert np.all(res.n_warnings == 0)


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_pool_equals_explicit_complements(pair):
    rng = np.random.default_rng(6)
    N, R, m = 60, 5, 12
    if PAIRS[pair].kind == "discrete":
        ks = (3, 2, 4)
        X_pool = rng.integers(0, ks, (N, 3)).astype(np.float64)
    else:
        ks = None
        X_pool = rng.normal(size=(N, 3))
    y_pool = (X_pool[:, 0] + rng.normal(size=N) > np.median(X_pool[:, 0])).astype(int)
    zeros, ones = np.flatnonzero(y_pool == 0), np.flatnonzero(y_pool == 1)
    idx = np.stack(
        [
            rng.permutation(
                np.r_[rng.choice(zeros, m // 2, False), rng.choice(ones, m // 2, False)]
            )
            for _ in range(R)
        ]
    )
    test = np.stack([np.setdiff1d(np.arange(N), row) for row in idx])
    args = (X_pool[idx], y_pool[idx], X_pool[test], y_pool[test])
    for eng in engine.ENGINES:
        pooled = evaluate_pair_on_pool(pair, X_pool, y_pool, idx, engine=eng, n_categories=ks)
        explicit = evaluate_pair(pair, *args, engine=eng, n_categories=ks)
        np.testing.assert_array_equal(pooled.n_test, N - m)
        np.testing.assert_array_equal(pooled.test_error, explicit.test_error)
        np.testing.assert_array_equal(pooled.separable, explicit.separable)
        np.testing.assert_array_equal(pooled.n_warnings, explicit.n_warnings)


def test_pool_blocks_do_not_change_results(monkeypatch):
    rng = np.random.default_rng(7)
    X_pool, y_pool = rng.normal(size=(50, 2)), np.tile([0, 1], 25)
    idx = np.stack([rng.permutation(50)[:10] for _ in range(4)])
    idx[:, :2] = [0, 1]
    whole = evaluate_pair_on_pool("gnb_lr", X_pool, y_pool, idx)
    monkeypatch.setattr(engine, "POOL_BLOCK", 7)
    blocked = evaluate_pair_on_pool("gnb_lr", X_pool, y_pool, idx)
    np.testing.assert_array_equal(whole.test_error, blocked.test_error)


def test_both_models_of_a_pair_see_identical_training_sets(monkeypatch):
    """Spy on the sklearn estimators: per replicate, both models are fitted on exactly
    X_pool[train_idx[r]]."""
    seen: list[tuple[str, np.ndarray, np.ndarray]] = []
    real = PAIRS["nb_lr"].make_estimators

    def spying(**kw):
        ests = real(**kw)
        for role, est in zip(("gen", "disc"), ests, strict=True):
            fit = est.fit

            def spy(X, y, _fit=fit, _role=role):
                seen.append((_role, np.array(X), np.array(y)))
                return _fit(X, y)

            est.fit = spy
        return ests

    monkeypatch.setitem(PAIRS, "nb_lr", dataclasses.replace(PAIRS["nb_lr"]))
    object.__setattr__(PAIRS["nb_lr"], "make_estimators", spying)
    rng = np.random.default_rng(8)
    X_pool, y_pool = rng.normal(size=(40, 3)), np.tile([0, 1], 20)
    idx = np.stack([rng.permutation(40)[:8] for _ in range(3)])
    idx[:, :2] = [0, 1]
    evaluate_pair_on_pool("nb_lr", X_pool, y_pool, idx, engine="sklearn")
    assert [s[0] for s in seen] == ["gen", "disc"] * 3
    for r in range(3):
        (_, Xg, yg), (_, Xd, yd) = seen[2 * r], seen[2 * r + 1]
        np.testing.assert_array_equal(Xg, X_pool[idx[r]])
        np.testing.assert_array_equal(Xd, Xg)
        np.testing.assert_array_equal(yd, yg)


def linearly_separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Feasibility of s_i (x_i . w + b) >= 1 for all i, s = 2y - 1 (scipy linprog)."""
    s = 2.0 * y - 1.0
    A = -s[:, None] * np.hstack([X, np.ones((len(X), 1))])
    res = linprog(np.zeros(A.shape[1]), A_ub=A, b_ub=-np.ones(len(X)), bounds=(None, None))
    assert res.status in (0, 2)
    return res.status == 0


def test_separable_flag_agrees_with_linear_programming():
    """The flag implies separability (always: an LR that classifies every example correctly
    separates them); separability implies the flag in 100% of these 120 cells (36 of them
    separable): with C = 1e4 the L2 penalty is too weak to give up a separating solution."""
    rng = np.random.default_rng(9)
    agree, n_sep, total = 0, 0, 0
    for m, n, shift in [(6, 2, 1.0), (10, 3, 1.5), (20, 2, 3.0), (30, 4, 1.0)]:
        R = 30
        y = (rng.random((R, m)) < 0.5).astype(np.float64)
        y[:, :2] = [0, 1]
        X = rng.normal(size=(R, m, n)) + shift * y[..., None]
        flag = evaluate_pair("nb_lr", X, y, X, y).separable
        for r in range(R):
            truth = linearly_separable(X[r], y[r])
            assert truth or not flag[r]
            agree += truth == flag[r]
            n_sep += truth
            total += 1
    assert 10 < n_sep < total - 10  # both cases occur
    assert agree / total >= 0.95


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_results_do_not_depend_on_batch_composition(pair):
    """A replicate's result is the same whether it is fitted alone or in a batch (so
    chunking replicates into jobs cannot change the study)."""
    X, y, Xt, yt, ks = make_cell(pair, "overlapping", seed=10)
    whole = evaluate_pair(pair, X, y, Xt, yt, n_categories=ks)
    for r in (0, 3):
        sl = slice(r, r + 1)
        one = evaluate_pair(pair, X[sl], y[sl], Xt[sl], yt[sl], n_categories=ks)
        np.testing.assert_array_equal(one.test_error[0], whole.test_error[r])
        np.testing.assert_array_equal(one.separable[0], whole.separable[r])


@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("eng", engine.ENGINES)
def test_degenerate_training_sets_give_finite_results(pair, eng):
    """m = 2 with duplicated rows and a constant feature, n > m: no crash, no NaN."""
    X = np.zeros((2, 2, 6))
    X[0, :, 1] = [0.0, 1.0]  # replicate 0: the rows differ in one feature only
    X[:, :, 2] = 1.0  # constant feature; replicate 1: the two rows are identical
    y = np.tile([0.0, 1.0], (2, 1))
    Xt = np.zeros((2, 4, 6))
    Xt[:, :, 1] = [0.0, 1.0, 1.0, 0.0]
    yt = np.tile([0.0, 1.0, 1.0, 0.0], (2, 1))
    ks = (2,) * 6 if PAIRS[pair].kind == "discrete" else None
    res = evaluate_pair(pair, X, y, Xt, yt, engine=eng, n_categories=ks)
    assert np.all(np.isfinite(res.test_error))
    assert res.separable.tolist() == [True, False]
    if pair != "lda_lr":  # replicate 0 is learnable by every model but degenerate LDA
        assert res.test_error[0].tolist() == [0.0, 0.0]
    expect = {"lda_lr": [True, True], "gnb_lr": [False, True]}.get(pair, [False, False])
    assert (res.n_warnings[:, 0] > 0).tolist() == expect  # GaussianNB: all features constant


def test_input_validation():
    X, y, Xt, yt, _ = make_cell("nb_lr", "m3_n_gt_m", seed=11)
    with pytest.raises(ValueError, match="unknown pair"):
        evaluate_pair("svm", X, y, Xt, yt)
    with pytest.raises(ValueError, match="unknown engine"):
        evaluate_pair("nb_lr", X, y, Xt, yt, engine="gpu")
    with pytest.raises(ValueError, match="lr_C"):
        evaluate_pair("nb_lr", X, y, Xt, yt, lr_C=0.0)
    one_class = y.copy()
    one_class[0] = 1.0
    with pytest.raises(ValueError, match="both classes"):
        evaluate_pair("nb_lr", X, one_class, Xt, yt)
    with pytest.raises(ValueError, match="labels"):
        evaluate_pair("nb_lr", X, 2 * y, Xt, yt)
    with pytest.raises(ValueError, match="shapes"):
        evaluate_pair("nb_lr", X, y, Xt[:, :, :2], yt)
    bad = X.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        evaluate_pair("nb_lr", bad, y, Xt, yt)
    codes = np.round(np.abs(X[:, :, :2]))
    with pytest.raises(ValueError, match="n_categories"):
        evaluate_pair("bnb_lr", codes, y, codes, y)
    with pytest.raises(ValueError, match="integer codes"):
        evaluate_pair("bnb_lr", codes + 0.5, y, codes, y, n_categories=(99, 99))
    with pytest.raises(ValueError, match="integer codes"):
        evaluate_pair("bnb_lr", codes, y, codes, y, n_categories=(1, 1))
    X_pool, y_pool = np.zeros((5, 2)), np.array([0, 1, 0, 1, 0])
    with pytest.raises(ValueError, match="train_idx"):
        evaluate_pair_on_pool("nb_lr", X_pool, y_pool, np.array([[0, 5]]))
    with pytest.raises(ValueError, match="test row"):
        evaluate_pair_on_pool("nb_lr", X_pool, y_pool, np.array([[0, 1, 2, 3, 4]]))


@pytest.mark.parametrize("pair", list(PAIRS))
def test_predict_uses_exact_tie_rule(pair):
    """predict_* only skip the magnitude pass where it cannot matter: same as the full rule."""
    from gendisc.data import generators
    from gendisc.models.fast_predict import (
        decision_batch,
        decision_pool,
        predict_batch,
        predict_pool,
    )
    from gendisc.study import seeding

    family = "dependent_binary" if PAIRS[pair].kind == "discrete" else "correlated_gaussian"
    setting = generators.Setting(family, 6, 0.5)
    ks = generators.n_categories(setting)
    draws = [generators.sample(setting, 5, seeding.rng(0, r), both_classes=True) for r in range(30)]
    X = np.stack([d[0] for d in draws])
    y = np.stack([d[1] for d in draws])
    gen, disc = PAIRS[pair].fit_fast(X, y, lr_C=1e4, n_categories=ks)
    Xt, _ = generators.sample(setting, 400, seeding.rng(1, 0))
    for model in (gen, disc):
        full = decision_batch(model, X, ks) > TIE_RTOL * (
            1.0 + decision_batch(model, X, ks, magnitude=True)
        )
        np.testing.assert_array_equal(predict_batch(model, X, ks), full)
        full_pool = decision_pool(model, Xt, ks) > TIE_RTOL * (
            1.0 + decision_pool(model, Xt, ks, magnitude=True)
        )
        np.testing.assert_array_equal(predict_pool(model, Xt, ks), full_pool)


def test_predict_pool_few_ties_take_the_exact_rule():
    """A few ties among many clear points: only those get the exact magnitude, and exact ties
    (and ties within rounding) go to class 0, as the full rule says."""
    from gendisc.models.fast_predict import decision_pool, predict_pool

    rng = np.random.default_rng(4)
    X = rng.normal(size=(500, 2)) * 3
    X[:3] = [[1.0, 1.0], [1.0 + 1e-14, 1.0], [2.5, 2.5]]  # on the boundary x0 = x1
    model = LinearBatch(
        "x", np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0.0, 0.1]), np.zeros(2, np.int64)
    )
    pred = predict_pool(model, X)
    full = decision_pool(model, X) > TIE_RTOL * (1.0 + decision_pool(model, X, magnitude=True))
    np.testing.assert_array_equal(pred, full)
    assert not pred[:3, 0].any()  # ties: class 0
    assert 0.3 < pred[:, 0].mean() < 0.7  # the other points are classified, not all tied


def test_dual_newton_step_equals_the_direct_solve():
    """With more features than examples the Newton step is solved in the m-dimensional dual
    (Woodbury + Schur complement of the unpenalised intercept): same step as the direct
    (d + 1)-dimensional solve."""
    from gendisc.models.fast_fit import _newton_step_dual, _solve_spd, batch_gram

    rng = np.random.default_rng(3)
    R, m, d, lam = 5, 6, 15, 1e-3
    Phi = rng.normal(size=(R, m, d))
    sqw = rng.uniform(0.05, 0.5, size=(R, m))
    g = rng.normal(size=(R, d + 1))
    A = np.concatenate([Phi, np.ones((R, m, 1))], axis=2)
    pen = np.r_[np.ones(d), 0.0]
    H = batch_gram(A * sqw[:, :, None]) / m + lam * np.diag(pen)
    direct = _solve_spd(H, -g)
    dual = _newton_step_dual(Phi * sqw[:, :, None], sqw, g, lam, m)
    np.testing.assert_allclose(dual, direct, rtol=1e-8, atol=1e-10)


def _ragged_pool(rng: np.random.Generator, N: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """A UCI-like pool, max-abs scaled to [-1, 1] as the study's pools are: mostly-zero counts,
    a constant feature and a three-valued one, so that small training sets have features
    constant within a class (variance = GaussianNB's tiny smoothing epsilon)."""
    y = (rng.random(N) < 0.4).astype(np.int64)
    X = np.column_stack(
        [
            rng.normal(size=N) + y,
            np.where(rng.random(N) < 0.9, 0.0, rng.integers(1_000, 100_000, N)),
            np.where(rng.random(N) < 0.8, 1.0, rng.choice([-1.0, 0.0], N)),
            np.zeros(N),
            rng.normal(1.9e5, 1e5, N).round() + 3e4 * y,
            rng.integers(17, 90, N).astype(float),
        ]
    )
    scale = np.abs(X).max(axis=0)
    return X / np.where(scale > 0, scale, 1.0), y


@pytest.mark.parametrize("pair", ["nb_lr", "gnb_lr"])
def test_gaussian_nb_matches_sklearn_argmax_with_tiny_variances(pair):
    """Features constant within a class get a variance of ~1e-9 x the largest: the expanded
    decision function holds huge cancelling terms. The fast engine must still predict what
    scikit-learn's argmax predicts, test point by test point, on pools and on own test sets."""
    from gendisc.data import splits
    from gendisc.models.fast_predict import decision_pool, predict_pool
    from gendisc.study import seeding

    rng = np.random.default_rng(2026)
    X, y = _ragged_pool(rng)
    loose = 0  # points the generic tie rule (scaled by the expanded terms) would call ties
    for m in (3, 5, 8, 20, 60):
        idx = np.stack(
            [splits.draw_train_indices(y, m, seeding.rng(1, pair, m, r)) for r in range(40)]
        )
        fast = evaluate_pair_on_pool(pair, X, y, idx, engine="fast")
        ref = evaluate_pair_on_pool(pair, X, y, idx, engine="sklearn")
        np.testing.assert_array_equal(fast.test_error, ref.test_error)
        X_te = np.stack([np.delete(X, i, axis=0)[:150] for i in idx])
        y_te = np.stack([np.delete(y, i)[:150] for i in idx])
        args = (pair, X[idx], y[idx], X_te, y_te)
        fast2, ref2 = evaluate_pair(*args, engine="fast"), evaluate_pair(*args, engine="sklearn")
        np.testing.assert_array_equal(fast2.test_error, ref2.test_error)
        gen, _ = PAIRS[pair].fit_fast(X[idx], y[idx].astype(float))
        generic = decision_pool(gen, X) > TIE_RTOL * (1 + decision_pool(gen, X, magnitude=True))
        loose += int(np.sum(generic != predict_pool(gen, X)))
    if pair == "gnb_lr":  # per-class variances: this data reaches the case the rule is for
        assert loose > 100
