"""Named constants of the models: solver settings shared by both engines and model defaults.

Logistic regression everywhere uses *vanishing L2*: Ng & Jordan's LR is unregularised, which
has no minimiser on a linearly separable training set (common at small m). We minimise
``0.5 * ||w||^2 + C * sum(logloss)`` with a large ``C`` (intercept not penalised), solved to a
tight tolerance.
"""

from __future__ import annotations

#: Default inverse L2 strength ``C`` of logistic regression (vanishing L2; the config's
#: ``lr_C`` overrides it). The one place this default is written.
DEFAULT_LR_C = 1e4
#: Solver tolerance of logistic regression (max |gradient| of the mean loss, and half the
#: squared Newton decrement); shared by both engines.
LR_TOL = 1e-10
#: Maximum number of Newton iterations of logistic regression; shared by both engines.
LR_MAX_ITER = 200
#: Step halvings of the fast engine's Armijo line search (per Newton iteration) + 1.
LR_LINE_SEARCH_STEPS = 21
#: Armijo sufficient-decrease constant of the fast engine's line search.
LR_ARMIJO = 2.0**-11
#: Laplace smoothing of the discrete naive Bayes (Ng & Jordan use l = 1).
LAPLACE_ALPHA = 1.0
#: Singular-value threshold of LDA's SVD solver (sklearn's default ``tol``).
LDA_TOL = 1e-4
#: GaussianNB's default ``var_smoothing`` (SharedVarianceNB and the fast engine use the same).
VAR_SMOOTHING = 1e-9
#: Tolerance of a tie: class 1 iff decision > TIE_RTOL * (1 + sum of |terms|).
TIE_RTOL = 1e-9
#: Share of a replicate's (or a pool block's) points with a doubtful sign above which the fast
#: engine computes every exact magnitude in one product instead of point by point.
MANY_UNSURE = 0.05
#: The fast engine: batched numpy fits (:mod:`gendisc.models.fast_fit`).
FAST_ENGINE = "fast"
#: The reference engine: scikit-learn estimators, one fit per replicate.
SKLEARN_ENGINE = "sklearn"
#: Every engine; both compute the same test errors.
ENGINES: tuple[str, ...] = (FAST_ENGINE, SKLEARN_ENGINE)
#: The engine used when the config does not name one.
DEFAULT_ENGINE = FAST_ENGINE
