"""Ng & Jordan's 15 UCI datasets: the registry (one entry per panel of the paper's Figure 1).

Each entry of :data:`DATASETS` names its source files (:mod:`gendisc.data.uci_files`), how the
target is binarised, and every preprocessing decision the paper leaves open (``choices``, listed
in the report as deviations). Adding a dataset is one entry here, its parser in
:data:`gendisc.data.uci_parsers.PARSERS`, and the contract tests in ``tests/data`` run on it.
:func:`gendisc.data.prepare.prepare` turns the raw files into a pool.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gendisc.data.kinds import CONTINUOUS, DISCRETE
from gendisc.data.uci_files import (
    ADULT,
    BREAST_CANCER,
    BUPA,
    HOUSING,
    IONOSPHERE,
    LENSES,
    LYMPHOGRAPHY,
    OPTDIGITS,
    PIMA,
    PROMOTERS,
    SICK,
    SONAR,
    VOTES,
    SourceFile,
)
from gendisc.data.uci_parsers import ADULT_CONTINUOUS, ADULT_DISCRETE

UCI_CITATION = (
    "Dua, D. and Graff, C. (2019). UCI Machine Learning Repository. University of California, "
    "Irvine, School of Information and Computer Sciences."
)
CC_BY = "CC BY 4.0 (UCI Machine Learning Repository)"
#: points of the log-spaced m grid of every panel
M_GRID_POINTS = 12


@dataclass(frozen=True)
class Dataset:
    """A registered UCI experiment (one panel of the paper's Figure 1)."""

    name: str
    kind: str
    files: tuple[SourceFile, ...]
    target: str
    choices: tuple[str, ...]
    m_grid: tuple[int, ...]
    expected_shape: tuple[int, int]
    citation: str
    licence: str


def _grid(m_max: int, points: int = M_GRID_POINTS) -> tuple[int, ...]:
    """Log-spaced distinct integers from 2 to ``m_max`` (both included)."""
    values = np.unique(np.round(np.geomspace(2, m_max, points)).astype(np.int64))
    return tuple(int(v) for v in values)


# --- choices shared by several datasets ----------------------------------------------------
RESCALE = (
    "continuous features min-max rescaled to [0, 1] over the whole pool (train and test rows "
    "together), before any split"
)
CONSTANT = "features constant over the whole pool are dropped (they carry no information)"
POOL = "test set = the pool rows not drawn for training"
ENCODE = (
    "discrete features encoded as integer codes 0..k-1 over the values observed in the pool "
    "(sorted); k = number of observed values, not the documented domain size"
)
DROP = (
    "missing values (`?`): rows with a missing value in a used feature are dropped "
    "(missing='drop', default); 'category' keeps `?` as its own value instead"
)
NONE_MISSING = "no missing values in the used features (missing rule is a no-op)"
ONLY_DISCRETE = (
    "only the discrete attributes are used; continuous attributes are dropped, not discretised "
    "(the paper uses only one input type per panel)"
)
ONLY_CONTINUOUS = "only the continuous attributes are used; nominal attributes are dropped"
M_READ = (
    "m grid: 12 log-spaced integers from 2 to the panel's largest m, read off the paper's "
    "Figure 1 as well as we could (approximate)"
)


def _entry(
    name: str,
    kind: str,
    files: tuple[SourceFile, ...],
    target: str,
    choices: tuple[str, ...],
    m_max: int,
    shape: tuple[int, int],
    citation: str,
    licence: str = CC_BY,
) -> Dataset:
    common = (POOL, RESCALE if kind == CONTINUOUS else ENCODE, CONSTANT, M_READ)
    return Dataset(
        name, kind, files, target, (*choices, *common), _grid(m_max), shape,
        f"{citation} {UCI_CITATION}", licence,
    )  # fmt: skip


# fmt: off
DATASETS: dict[str, Dataset] = {
    "pima": _entry(
        "pima", CONTINUOUS, (PIMA,),
        "y = 1 if the class column is 1 (diabetes).",
        (
            NONE_MISSING,
            "zeros in plas, pres, skin, insu, mass (biologically impossible, i.e. undeclared "
            "missing values) are kept as recorded, as in the raw file the paper used",
            "UCI no longer serves this file; the registered URL is its historic UCI path, so a "
            "run needs data_mirror (OpenML id 37 serves the same values in another format)",
        ), 60, (768, 8),
        "Smith, J.W. et al. (1988). Using the ADAP learning algorithm to forecast the onset of "
        "diabetes mellitus. Proc. Symp. Comp. Appl. Med. Care, 261-265.",
        "unclear: removed from UCI (owner: National Institute of Diabetes and Digestive and "
        "Kidney Diseases); still redistributed by OpenML",
    ),
    "adult_continuous": _entry(
        "adult_continuous", CONTINUOUS, (ADULT,),
        "y = 1 if income is >50K.",
        (
            ONLY_CONTINUOUS + " (6 continuous: " + ", ".join(ADULT_CONTINUOUS) + ")",
            "pool = adult.data only (32561 rows); adult.test is not used (its public copy is a "
            "reconstruction and the pool is already far larger than the largest m)",
            NONE_MISSING,
        ), 60, (32561, 6),
        "Kohavi, R. (1996). Scaling up the accuracy of naive-Bayes classifiers: a decision-tree "
        "hybrid. KDD-96.",
    ),
    "boston": _entry(
        "boston", CONTINUOUS, (HOUSING,),
        "y = 1 if MEDV > its median over the 506 rows (21.2): 250 positives.",
        (
            "all 13 inputs used and rescaled, including the binary CHAS and the index RAD",
            NONE_MISSING,
            "the B variable encodes a racist assumption (reason scikit-learn removed the data "
            "set); kept only to reproduce the paper",
        ), 100, (506, 13),
        "Harrison, D. and Rubinfeld, D.L. (1978). Hedonic prices and the demand for clean air. "
        "J. Environ. Economics & Management 5, 81-102.",
        "unstated (StatLib); no longer listed by UCI",
    ),
    "optdigits_0v1": _entry(
        "optdigits_0v1", "continuous", OPTDIGITS,
        "digits 0 and 1 only; y = 1 if the digit is 1.",
        (
            "pool = optdigits.tra + optdigits.tes (5620 rows) restricted to the two digits",
            NONE_MISSING,
        ), 150, (1125, 52),
        "Alpaydin, E. and Kaynak, C. (1998). Optical Recognition of Handwritten Digits.",
    ),
    "optdigits_2v3": _entry(
        "optdigits_2v3", "continuous", OPTDIGITS,
        "digits 2 and 3 only; y = 1 if the digit is 3.",
        (
            "pool = optdigits.tra + optdigits.tes (5620 rows) restricted to the two digits",
            NONE_MISSING,
        ), 150, (1129, 57),
        "Alpaydin, E. and Kaynak, C. (1998). Optical Recognition of Handwritten Digits.",
    ),
    "ionosphere": _entry(
        "ionosphere", CONTINUOUS, (IONOSPHERE,),
        "y = 1 if the radar return is 'g' (good).",
        (NONE_MISSING, "attribute 2 is always 0 and is dropped (constant)"), 100, (351, 33),
        "Sigillito, V.G. et al. (1989). Classification of radar returns from the ionosphere "
        "using neural networks. Johns Hopkins APL Technical Digest 10, 262-266.",
    ),
    "liver": _entry(
        "liver", CONTINUOUS, (BUPA,),
        "y = 1 if the selector (7th) field is 2.",
        (
            NONE_MISSING,
            "the selector field is used as the class, as was usual in 2001; it was in fact a "
            "train/test split marker (McDermott & Forsyth 2016), not a diagnosis",
        ), 100, (345, 6),
        "BUPA Medical Research Ltd. (Forsyth, R.S., 1990). Liver Disorders.",
    ),
    "sonar": _entry(
        "sonar", CONTINUOUS, (SONAR,),
        "y = 1 if the return is 'M' (mine), 0 for 'R' (rock).", (NONE_MISSING,), 100, (208, 60),
        "Gorman, R.P. and Sejnowski, T.J. (1988). Analysis of hidden units in a layered network "
        "trained to classify sonar targets. Neural Networks 1, 75-89.",
    ),
    "adult_discrete": _entry(
        "adult_discrete", DISCRETE, (ADULT,),
        "y = 1 if income is >50K.",
        (
            ONLY_DISCRETE + " (8 nominal: " + ", ".join(ADULT_DISCRETE) + ")",
            "pool = adult.data only; adult.test is not used",
            DROP + ": 2399 of 32561 rows dropped (workclass, occupation, native-country)",
        ), 380, (30162, 8),
        "Kohavi, R. (1996). Scaling up the accuracy of naive-Bayes classifiers: a decision-tree "
        "hybrid. KDD-96.",
    ),
    "promoters": _entry(
        "promoters", DISCRETE, (PROMOTERS,),
        "y = 1 for promoters ('+').",
        ("57 features: the nucleotide (a, c, g, t) at each position", NONE_MISSING), 80, (106, 57),
        "Towell, G., Shavlik, J. and Noordewier, M. (1990). Refinement of approximate domain "
        "theories by knowledge-based artificial neural networks. AAAI-90.",
    ),
    "lymphography": _entry(
        "lymphography", DISCRETE, (LYMPHOGRAPHY,),
        "y = 1 for class 2 (metastases), 0 for classes 1, 3, 4 (normal, malign lymph, fibrosis).",
        (
            "4 classes made binary as metastases (81) vs the rest (67), keeping all 148 rows; "
            "the alternative metastases vs malign lymph would drop 6 rows",
            "the integer-coded ordinal attributes are treated as nominal",
            NONE_MISSING,
        ), 100, (148, 18),
        "Zwitter, M. and Soklic, M. (1988). Lymphography data. University Medical Centre, "
        "Institute of Oncology, Ljubljana.",
    ),
    "breast_cancer": _entry(
        "breast_cancer", DISCRETE, (BREAST_CANCER,),
        "y = 1 for 'recurrence-events', 0 for 'no-recurrence-events'.",
        (
            "the Ljubljana breast-cancer data (9 nominal/interval attributes), not Wisconsin",
            "interval-valued attributes (age, tumor-size, inv-nodes) treated as nominal",
            DROP + ": 9 rows dropped (node-caps 8, breast-quad 1)",
        ), 150, (277, 9),
        "Zwitter, M. and Soklic, M. (1988). Breast cancer data. University Medical Centre, "
        "Institute of Oncology, Ljubljana.",
    ),
    "lenses": _entry(
        "lenses", DISCRETE, (LENSES,),
        "only the 9 rows fitted with lenses; y = 1 for hard (4), 0 for soft (5).",
        (
            "'hard vs. soft' read literally: the 15 'no lenses' rows are dropped, so m <= 8 and "
            "the test set at m = 8 is one row",
            "tear production rate is 'normal' in all 9 rows, so it is dropped (3 features left)",
            NONE_MISSING,
        ), 8, (9, 3),
        "Cendrowska, J. (1987). PRISM: an algorithm for inducing modular rules. Int. J. "
        "Man-Machine Studies 27, 349-370.",
    ),
    "sick": _entry(
        "sick", DISCRETE, (SICK,),
        "y = 1 for class 'sick', 0 for 'negative'.",
        (
            "source: Weka's sick.arff = UCI thyroid sick.data + sick.test (3772 rows); the raw "
            "UCI files were not available; URL is a public copy of that ARFF",
            ONLY_DISCRETE + " (age, TSH, T3, TT4, T4U, FTI, TBG dropped; 22 nominal kept)",
            "'TBG measured' is always 'f' and is dropped (constant)",
            DROP + ": 150 rows with missing sex dropped",
        ), 150, (3622, 21),
        "Quinlan, J.R. (1987). Thyroid disease records, Garavan Institute, Sydney.",
        "UCI data (CC BY 4.0); the ARFF conversion is distributed with Weka (GPL)",
    ),
    "voting": _entry(
        "voting", DISCRETE, (VOTES,),
        "y = 1 for 'republican', 0 for 'democrat'.",
        (
            "'?' is kept as a third value (y / n / ?) whatever the missing rule: the .names file "
            "states it means neither yea nor nay, not unknown; no rows dropped",
        ), 80, (435, 16),
        "Schlimmer, J.C. (1987). Congressional Quarterly Almanac, 98th Congress, 2nd session 1984.",
    ),
}
# fmt: on


def max_m(name: str) -> int:
    """Largest valid training-set size: the pool size minus one (non-empty test set).

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.

    Returns
    -------
    int
        ``expected_shape[0] - 1`` (rows after the default missing rule).
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    return DATASETS[name].expected_shape[0] - 1
