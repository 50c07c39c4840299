"""Learning from m labelled and U unlabelled examples: the methods of the scarce-label study.

Generative side: EM for the pair's Gaussian (diagonal: naive Bayes; full shared covariance:
LDA), started from the labelled fit, the unlabelled examples' likelihood optionally down-weighted
by ``weight`` in ``[0, 1]`` (Nigam et al., 2000: EM-λ). Discriminative side: logistic regression
on the labelled data only, and self-training LR (scikit-learn's ``SelfTrainingClassifier``).
The textbook cell (three clusters, 30 labels) uses scikit-learn's ``GaussianMixture``.
"""

from __future__ import annotations

import numpy as np

from gendisc.models import gaussian
from gendisc.models.gaussian import GaussianFit

#: EM stops when the weighted mean log-likelihood gains less than this, or after EM_MAX_ITER.
EM_TOL = 1e-8
EM_MAX_ITER = 200
#: Variance floor of EM, relative to the mean labelled variance (a component cannot collapse).
EM_VAR_FLOOR = 1e-6

#: Methods of the scarce-label study: name -> (side, description).
METHODS: dict[str, tuple[str, str]] = {
    "em": ("generative", "EM on labelled + unlabelled data, started from the labelled fit"),
    "em_weighted": ("generative", "EM with the unlabelled likelihood down-weighted"),
    "supervised": ("generative", "the pair's Gaussian on the labelled data only"),
    "lr": ("discriminative", "logistic regression on the labelled data only"),
    "self_training": ("discriminative", "self-training LR (scikit-learn, threshold 0.75)"),
}


def _m_step(X, resp, diagonal: bool, floor: float) -> GaussianFit:
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    total = nk.sum()
    if diagonal:
        sq = resp.T @ (X**2) - nk[:, None] * means**2
        cov = np.maximum(sq.sum(axis=0) / total, floor)
    else:
        rows = resp.sum(axis=1)  # each example's total weight (1 labelled, weight unlabelled)
        cov = ((X.T * rows) @ X - (means.T * nk) @ means) / total
        cov = (cov + cov.T) / 2
    return GaussianFit(nk / total, means, cov)


def em_gaussian(
    X_lab: np.ndarray,
    y_lab: np.ndarray,
    X_unl: np.ndarray,
    *,
    diagonal: bool,
    weight: float = 1.0,
    n_classes: int = 2,
    init: GaussianFit | None = None,
    max_iter: int = EM_MAX_ITER,
    tol: float = EM_TOL,
) -> GaussianFit:
    """EM for a shared-covariance Gaussian classifier with labelled and unlabelled examples.

    Maximises ``Σ_lab log p(x, y) + weight · Σ_unl log p(x)`` (labels of the labelled examples
    fixed, those of the unlabelled ones latent).

    Parameters
    ----------
    X_lab, y_lab : numpy.ndarray
        Labelled inputs ``(m, n)`` and labels ``0..n_classes - 1`` (m may be 0 if ``init``).
    X_unl : numpy.ndarray
        Unlabelled inputs ``(U, n)`` (U may be 0: then the labelled fit is returned).
    diagonal : bool
        Diagonal covariance (naive Bayes) or full (LDA).
    weight : float, default 1.0
        Weight of the unlabelled likelihood, in ``[0, 1]``.
    n_classes : int, default 2
    init : GaussianFit, optional
        Starting point; default the maximum-likelihood fit on the labelled data.
    max_iter : int, default EM_MAX_ITER
        Maximum number of EM iterations (E-step then M-step).
    tol : float, default EM_TOL
        Stop when the weighted mean log-likelihood gains less than ``tol``.

    Returns
    -------
    GaussianFit
    """
    if not 0.0 <= float(weight) <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight!r}")
    X_lab = np.asarray(X_lab, dtype=np.float64).reshape(-1, np.shape(X_unl)[1])
    X_unl = np.asarray(X_unl, dtype=np.float64)
    y_lab = np.asarray(y_lab, dtype=np.int64)
    fit = (
        init
        if init is not None
        else gaussian.fit_gaussian(X_lab, y_lab, diagonal=diagonal, n_classes=n_classes)
    )
    if X_unl.shape[0] == 0 or weight == 0.0:
        return fit
    X = np.vstack([X_lab, X_unl])
    lab_resp = np.eye(n_classes)[y_lab] if X_lab.shape[0] else np.zeros((0, n_classes))
    scale = float(np.mean(fit.cov if diagonal else np.diag(fit.cov)))
    floor = EM_VAR_FLOOR * scale
    previous = -np.inf
    for _ in range(max_iter):
        jll = gaussian.joint_log_likelihood(fit, X_unl)
        top = jll.max(axis=1, keepdims=True)
        lse = top[:, 0] + np.log(np.exp(jll - top).sum(axis=1))
        lab_ll = gaussian.joint_log_likelihood(fit, X_lab)[np.arange(X_lab.shape[0]), y_lab]
        objective = (lab_ll.sum() + weight * lse.sum()) / X.shape[0]
        if objective - previous < tol:
            break
        previous = objective
        resp = np.vstack([lab_resp, weight * np.exp(jll - lse[:, None])])
        fit = _m_step(X, resp, diagonal, floor)
    return fit


def predict_em(X_lab, y_lab, X_unl, X_test, *, diagonal: bool, weight: float = 1.0) -> np.ndarray:
    """Predict with the EM fit of :func:`em_gaussian`."""
    return gaussian.predict(
        em_gaussian(X_lab, y_lab, X_unl, diagonal=diagonal, weight=weight), X_test
    )


def predict_self_training(X_lab, y_lab, X_unl, X_test, *, lr_C: float) -> np.ndarray:
    """Self-training logistic regression (scikit-learn's ``SelfTrainingClassifier``, defaults:
    pseudo-label unlabelled examples whose probability exceeds 0.75, at most 10 rounds); with no
    unlabelled example, plain logistic regression."""
    from sklearn.semi_supervised import SelfTrainingClassifier  # lazily: the DAG never needs it

    from gendisc.models.estimators import make_logistic_regression

    if len(X_unl) == 0:
        return make_logistic_regression(lr_C).fit(X_lab, y_lab).predict(X_test)
    X = np.vstack([X_lab, X_unl])
    y = np.concatenate([np.asarray(y_lab, dtype=np.int64), -np.ones(len(X_unl), dtype=np.int64)])
    model = SelfTrainingClassifier(make_logistic_regression(lr_C)).fit(X, y)
    return model.predict(X_test)


def predict_mixture(
    X_lab: np.ndarray, y_lab: np.ndarray, X_unl: np.ndarray, X_test: np.ndarray, *, seed: int
) -> np.ndarray:
    """A Gaussian mixture (scikit-learn, full covariances) on all inputs, its components started at
    the labelled class means; each component predicts the class of the labelled examples it
    claims most often (its own starting class if it claims none)."""
    from sklearn.mixture import GaussianMixture  # lazily: the DAG never needs it

    y_lab = np.asarray(y_lab, dtype=np.int64)
    k = int(y_lab.max()) + 1
    means = np.stack([X_lab[y_lab == c].mean(axis=0) for c in range(k)])
    gm = GaussianMixture(k, covariance_type="full", means_init=means, random_state=seed)
    gm.fit(np.vstack([X_lab, X_unl]))
    comp = gm.predict(X_lab)
    label = np.arange(k)
    for c in range(k):
        if (comp == c).any():
            label[c] = np.bincount(y_lab[comp == c], minlength=k).argmax()
    return label[gm.predict(X_test)]
