"""Ng & Jordan's 15 UCI datasets: registry, parsing, binarisation and train draws.

Each entry of :data:`DATASETS` names its source files (pinned SHA-256 and provenance
status from the data mirror's manifest), how the target is binarised, and every
preprocessing decision the paper leaves open (``choices``, listed in the report as
deviations). :func:`prepare` turns the raw files into a :class:`Prepared` pool:
continuous features min-max rescaled to ``[0, 1]``, discrete features as integer codes
``0 .. k-1``. :func:`draw_train_indices` draws a training set of size ``m`` with both
classes present; the test set is the rest of the pool.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import arff
import numpy as np
import pandas as pd

UCI = "https://archive.ics.uci.edu/ml/machine-learning-databases/"
UCI_CITATION = (
    "Dua, D. and Graff, C. (2019). UCI Machine Learning Repository. University of California, "
    "Irvine, School of Information and Computer Sciences."
)
CC_BY = "CC BY 4.0 (UCI Machine Learning Repository)"
STATUSES = ("VERIFIED-UCI", "AGREE-2", "UNVERIFIED")
MISSING_RULES = ("drop", "category", "impute")
MISSING_TOKEN = "?"
MAX_DRAWS = 100_000


@dataclass(frozen=True)
class SourceFile:
    """One raw file: cache/mirror name, public URL, pinned SHA-256, provenance status."""

    name: str
    url: str
    sha256: str
    status: str


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


@dataclass(frozen=True)
class Prepared:
    """A parsed, binarised and encoded pool of examples."""

    X: np.ndarray
    y: np.ndarray
    n_categories: tuple[int, ...] | None
    feature_names: tuple[str, ...]
    notes: tuple[str, ...]


def _grid(m_max: int, points: int = 12) -> tuple[int, ...]:
    """Log-spaced distinct integers from 2 to ``m_max`` (both included)."""
    values = np.unique(np.round(np.geomspace(2, m_max, points)).astype(np.int64))
    return tuple(int(v) for v in values)


def _src(name: str, path: str, sha256: str, status: str) -> SourceFile:
    url = path if path.startswith("https://") else UCI + path
    return SourceFile(name=name, url=url, sha256=sha256, status=status)


# --- source files (sha256 and status from the mirror's MANIFEST.md) ------------------------
# fmt: off
PIMA = _src("pima-indians-diabetes.data", "pima-indians-diabetes/pima-indians-diabetes.data",
            "06f5b7c2cd7bca686fda4f92eab5f61e7ff6426a9acefa2e3dda04fc54293cf5", "AGREE-2")
ADULT = _src("adult.data", "adult/adult.data",
             "5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d", "AGREE-2")
HOUSING = _src("housing.data", "housing/housing.data",
               "baadf72995725d76efe787b664e1f083388c79ba21ef9a7990d87f774184735a", "VERIFIED-UCI")
OPTDIGITS = (
    _src("optdigits.tra", "optdigits/optdigits.tra",
         "e1b683cc211604fe8fd8c4417e6a69f31380e0c61d4af22e93cc21e9257ffedd", "VERIFIED-UCI"),
    _src("optdigits.tes", "optdigits/optdigits.tes",
         "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8", "VERIFIED-UCI"),
)
IONOSPHERE = _src("ionosphere.data", "ionosphere/ionosphere.data",
                  "46d52186b84e20be52918adb93e8fb9926b34795ff7504c24350ae0616a04bbd",
                  "VERIFIED-UCI")
BUPA = _src("bupa.data", "liver-disorders/bupa.data",
            "a166a3e7a6f4dc41aaaedc59a107e57d8adcaeb8821f0873d756982f1ea74c92", "AGREE-2")
SONAR = _src("sonar.all-data", "undocumented/connectionist-bench/sonar/sonar.all-data",
             "e90434cdbf00fcf93ffa911fe447ae25606979658e60f1d32e155c3b5240234d", "VERIFIED-UCI")
PROMOTERS = _src("promoters.data", "molecular-biology/promoter-gene-sequences/promoters.data",
                 "9cba9e8661ab04760d69b857f62259233446f2dce5ec9b515efe0b23c315bb29", "UNVERIFIED")
LYMPHOGRAPHY = _src("lymphography.data", "lymphography/lymphography.data",
                    "e17d22d071341af08a505a10eb558afc835e302b02c8b381c1fa3dd305731935",
                    "VERIFIED-UCI")
BREAST_CANCER = _src("breast-cancer.data", "breast-cancer/breast-cancer.data",
                     "ca7d3fa97b62ff967b6894ffbb3acaaf4a51062e0149e5950b3ad6f685970b65",
                     "VERIFIED-UCI")
LENSES = _src("lenses.data", "lenses/lenses.data",
              "711f22d5a4bed062bb715d39d23d54d2667206fbd97c94c7fd013ede47fb96c2", "VERIFIED-UCI")
SICK = _src("sick.arff",
            "https://raw.githubusercontent.com/renatopp/arff-datasets/master/classification/sick.arff",
            "3cc306fa2e9564d74bab48a3dd7ef29747093b60c787982ece56a14098a5a1b2", "UNVERIFIED")
VOTES = _src("house-votes-84.data", "voting-records/house-votes-84.data",
             "c87c14110a5ba91d4a1e313ec7392824458152bf071fa5f5452340488337936e", "VERIFIED-UCI")
# fmt: on
# --- column names (from the .names files) --------------------------------------------------
PIMA_COLS = ("preg", "plas", "pres", "skin", "insu", "mass", "pedi", "age", "class")
ADULT_COLS = (
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
    "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
    "hours-per-week", "native-country", "income",
)  # fmt: skip
ADULT_CONTINUOUS = (
    "age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week",
)  # fmt: skip
ADULT_DISCRETE = (
    "workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
    "native-country",
)  # fmt: skip
HOUSING_COLS = (
    "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B",
    "LSTAT", "MEDV",
)  # fmt: skip
BUPA_COLS = ("mcv", "alkphos", "sgpt", "sgot", "gammagt", "drinks", "selector")
LYMPH_COLS = (
    "class", "lymphatics", "block_of_affere", "bl_of_lymph_c", "bl_of_lymph_s", "by_pass",
    "extravasates", "regeneration_of", "early_uptake_in", "lym_nodes_dimin", "lym_nodes_enlar",
    "changes_in_lym", "defect_in_node", "changes_in_node", "changes_in_stru", "special_forms",
    "dislocation_of", "exclusion_of_no", "no_of_nodes_in",
)  # fmt: skip
BREAST_COLS = (
    "class", "age", "menopause", "tumor-size", "inv-nodes", "node-caps", "deg-malig", "breast",
    "breast-quad", "irradiat",
)  # fmt: skip
LENSES_COLS = ("index", "age", "spectacle_prescription", "astigmatic", "tear_rate", "class")
VOTES_COLS = (
    "party", "handicapped-infants", "water-project-cost-sharing",
    "adoption-of-the-budget-resolution", "physician-fee-freeze", "el-salvador-aid",
    "religious-groups-in-schools", "anti-satellite-test-ban", "aid-to-nicaraguan-contras",
    "mx-missile", "immigration", "synfuels-corporation-cutback", "education-spending",
    "superfund-right-to-sue", "crime", "duty-free-exports",
    "export-administration-act-south-africa",
)  # fmt: skip

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
    common = (POOL, RESCALE if kind == "continuous" else ENCODE, CONSTANT, M_READ)
    return Dataset(
        name, kind, files, target, (*choices, *common), _grid(m_max), shape,
        f"{citation} {UCI_CITATION}", licence,
    )  # fmt: skip


# fmt: off
DATASETS: dict[str, Dataset] = {
    "pima": _entry(
        "pima", "continuous", (PIMA,),
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
        "adult_continuous", "continuous", (ADULT,),
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
        "boston", "continuous", (HOUSING,),
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
        "ionosphere", "continuous", (IONOSPHERE,),
        "y = 1 if the radar return is 'g' (good).",
        (NONE_MISSING, "attribute 2 is always 0 and is dropped (constant)"), 100, (351, 33),
        "Sigillito, V.G. et al. (1989). Classification of radar returns from the ionosphere "
        "using neural networks. Johns Hopkins APL Technical Digest 10, 262-266.",
    ),
    "liver": _entry(
        "liver", "continuous", (BUPA,),
        "y = 1 if the selector (7th) field is 2.",
        (
            NONE_MISSING,
            "the selector field is used as the class, as was usual in 2001; it was in fact a "
            "train/test split marker (McDermott & Forsyth 2016), not a diagnosis",
        ), 100, (345, 6),
        "BUPA Medical Research Ltd. (Forsyth, R.S., 1990). Liver Disorders.",
    ),
    "sonar": _entry(
        "sonar", "continuous", (SONAR,),
        "y = 1 if the return is 'M' (mine), 0 for 'R' (rock).", (NONE_MISSING,), 100, (208, 60),
        "Gorman, R.P. and Sejnowski, T.J. (1988). Analysis of hidden units in a layered network "
        "trained to classify sonar targets. Neural Networks 1, 75-89.",
    ),
    "adult_discrete": _entry(
        "adult_discrete", "discrete", (ADULT,),
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
        "promoters", "discrete", (PROMOTERS,),
        "y = 1 for promoters ('+').",
        ("57 features: the nucleotide (a, c, g, t) at each position", NONE_MISSING), 80, (106, 57),
        "Towell, G., Shavlik, J. and Noordewier, M. (1990). Refinement of approximate domain "
        "theories by knowledge-based artificial neural networks. AAAI-90.",
    ),
    "lymphography": _entry(
        "lymphography", "discrete", (LYMPHOGRAPHY,),
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
        "breast_cancer", "discrete", (BREAST_CANCER,),
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
        "lenses", "discrete", (LENSES,),
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
        "sick", "discrete", (SICK,),
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
        "voting", "discrete", (VOTES,),
        "y = 1 for 'republican', 0 for 'democrat'.",
        (
            "'?' is kept as a third value (y / n / ?) whatever the missing rule: the .names file "
            "states it means neither yea nor nay, not unknown; no rows dropped",
        ), 80, (435, 16),
        "Schlimmer, J.C. (1987). Congressional Quarterly Almanac, 98th Congress, 2nd session 1984.",
    ),
}
# fmt: on


# --- parsers: raw files -> (features with NaN for missing, y in {0, 1}, notes) -------------
Parsed = tuple[pd.DataFrame, np.ndarray, tuple[str, ...]]


def _read(path: Path, names: tuple[str, ...] | None = None, **kwargs: object) -> pd.DataFrame:
    return pd.read_csv(
        path, header=None, names=names, keep_default_na=False, na_values=[MISSING_TOKEN],
        **kwargs,
    )  # fmt: skip


def _target(values: pd.Series | np.ndarray, positive: object) -> np.ndarray:
    return (np.asarray(values) == positive).astype(np.int64)


def _pima(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[PIMA.name], PIMA_COLS)
    return df[list(PIMA_COLS[:-1])], _target(df["class"], 1), ()


def _adult(columns: tuple[str, ...], paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[ADULT.name], ADULT_COLS, skipinitialspace=True)
    y = _target(df["income"].str.rstrip("."), ">50K")
    return df[list(columns)], y, ()


def _boston(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[HOUSING.name], HOUSING_COLS, sep=r"\s+")
    median = float(df["MEDV"].median())
    y = (df["MEDV"].to_numpy() > median).astype(np.int64)
    return df[list(HOUSING_COLS[:-1])], y, (f"median MEDV = {median:g}",)


def _optdigits(digits: tuple[int, int], paths: Mapping[str, Path]) -> Parsed:
    names = (*(f"px{i:02d}" for i in range(64)), "digit")
    df = pd.concat([_read(paths[f.name], names) for f in OPTDIGITS], ignore_index=True)
    df = df[df["digit"].isin(digits)]
    note = f"pool: {len(df)} of the tra+tes rows are digits {digits[0]} or {digits[1]}"
    return df[list(names[:-1])], _target(df["digit"], digits[1]), (note,)


def _ionosphere(paths: Mapping[str, Path]) -> Parsed:
    names = (*(f"a{i:02d}" for i in range(1, 35)), "class")
    df = _read(paths[IONOSPHERE.name], names)
    return df[list(names[:-1])], _target(df["class"], "g"), ()


def _liver(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[BUPA.name], BUPA_COLS)
    return df[list(BUPA_COLS[:-1])], _target(df["selector"], 2), ()


def _sonar(paths: Mapping[str, Path]) -> Parsed:
    names = (*(f"band{i:02d}" for i in range(1, 61)), "class")
    df = _read(paths[SONAR.name], names)
    return df[list(names[:-1])], _target(df["class"], "M"), ()


def _promoters(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[PROMOTERS.name], ("class", "id", "sequence"))
    seqs = df["sequence"].str.strip()
    lengths = set(seqs.str.len())
    if lengths != {57}:
        raise ValueError(f"promoters: expected sequences of length 57, got lengths {lengths}")
    chars = pd.DataFrame([list(s) for s in seqs], columns=[f"p{i:02d}" for i in range(1, 58)])
    return chars, _target(df["class"], "+"), ()


def _lymphography(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[LYMPHOGRAPHY.name], LYMPH_COLS)
    return df[list(LYMPH_COLS[1:])], _target(df["class"], 2), ()


def _breast_cancer(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[BREAST_CANCER.name], BREAST_COLS)
    return df[list(BREAST_COLS[1:])], _target(df["class"], "recurrence-events"), ()


def _lenses(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[LENSES.name], LENSES_COLS, sep=r"\s+")
    kept = df[df["class"].isin((1, 2))]
    note = f"kept the {len(kept)} hard/soft rows of {len(df)} (dropped 'no lenses')"
    return kept[list(LENSES_COLS[1:-1])], _target(kept["class"], 1), (note,)


def _sick(paths: Mapping[str, Path]) -> Parsed:
    with Path(paths[SICK.name]).open(encoding="utf-8") as handle:
        data = arff.load(handle)
    df = pd.DataFrame(data["data"], columns=[a[0] for a in data["attributes"]])
    nominal = [a[0] for a in data["attributes"][:-1] if isinstance(a[1], list)]
    return df[nominal], _target(df["Class"], "sick"), ()


def _voting(paths: Mapping[str, Path]) -> Parsed:
    df = pd.read_csv(paths[VOTES.name], header=None, names=VOTES_COLS, keep_default_na=False)
    note = "'?' kept as a value (neither yea nor nay)"
    return df[list(VOTES_COLS[1:])], _target(df["party"], "republican"), (note,)


def _bind(func: Callable[..., Parsed], arg: object) -> Callable[[Mapping[str, Path]], Parsed]:
    return lambda paths: func(arg, paths)


PARSERS: dict[str, Callable[[Mapping[str, Path]], Parsed]] = {
    "pima": _pima,
    "adult_continuous": _bind(_adult, ADULT_CONTINUOUS),
    "boston": _boston,
    "optdigits_0v1": _bind(_optdigits, (0, 1)),
    "optdigits_2v3": _bind(_optdigits, (2, 3)),
    "ionosphere": _ionosphere,
    "liver": _liver,
    "sonar": _sonar,
    "adult_discrete": _bind(_adult, ADULT_DISCRETE),
    "promoters": _promoters,
    "lymphography": _lymphography,
    "breast_cancer": _breast_cancer,
    "lenses": _lenses,
    "sick": _sick,
    "voting": _voting,
}


# --- encoding ------------------------------------------------------------------------------
def _sort_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def _codes(column: pd.Series) -> tuple[np.ndarray, int]:
    text = column.astype(str).to_numpy()
    levels = sorted(set(text), key=_sort_key)
    lookup = {level: code for code, level in enumerate(levels)}
    return np.array([lookup[v] for v in text], dtype=np.float64), len(levels)


def _handle_missing(
    feats: pd.DataFrame, y: np.ndarray, kind: str, missing: str
) -> tuple[pd.DataFrame, np.ndarray, tuple[str, ...]]:
    rows = feats.isna().any(axis=1).to_numpy()
    if not rows.any():
        return feats, y, ()
    cols = [str(c) for c in feats.columns[feats.isna().any(axis=0)]]
    where = f"{int(rows.sum())} rows with missing values (in {', '.join(cols)})"
    if missing == "drop":
        return feats.loc[~rows], y[~rows], (f"dropped {where}",)
    if missing == "category" and kind == "continuous":
        raise ValueError(f"missing='category' needs discrete features; {where} are continuous")
    if missing == "category":
        return feats.astype(object).fillna(MISSING_TOKEN), y, (f"'?' as a category in {where}",)
    filled = feats.copy()
    for col in cols:
        fill = filled[col].median() if kind == "continuous" else filled[col].mode().iloc[0]
        filled[col] = filled[col].fillna(fill)
    rule = "median" if kind == "continuous" else "mode"
    return filled, y, (f"imputed the {rule} in {where}",)


def prepare(name: str, paths: Mapping[str, Path], *, missing: str = "drop") -> Prepared:
    """Parse, binarise and encode one registered dataset.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    paths : Mapping[str, Path]
        Local path of each of the dataset's files, keyed by :attr:`SourceFile.name`.
    missing : {"drop", "category", "impute"}
        Rule for missing values in the used features: drop the rows (default; complete-case
        analysis, the fewest assumptions), keep ``?`` as its own category (discrete only; a
        ValueError if a continuous feature has missing cells, none of the registered continuous
        panels has any), or impute the pool median (continuous) / mode (discrete).

    Returns
    -------
    Prepared
        ``X`` (float64; continuous in ``[0, 1]``, discrete codes ``0 .. k-1``), ``y`` (int64 in
        ``{0, 1}``), ``n_categories`` (discrete only), feature names and notes.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {MISSING_RULES}, got {missing!r}")
    spec = DATASETS[name]
    absent = [f.name for f in spec.files if f.name not in paths]
    if absent:
        raise ValueError(f"paths for {name!r} lack the file(s) {absent}")
    feats, y, notes = PARSERS[name](paths)
    notes = (f"parsed {len(feats)} rows, {feats.shape[1]} used attributes", *notes)
    feats, y, missing_notes = _handle_missing(feats.reset_index(drop=True), y, spec.kind, missing)
    if spec.kind == "continuous":
        values = feats.to_numpy(dtype=np.float64)
        low, high = values.min(axis=0), values.max(axis=0)
        keep = high > low
        X = (values[:, keep] - low[keep]) / (high[keep] - low[keep])
        n_categories = None
    else:
        encoded = [_codes(feats[col]) for col in feats.columns]
        keep = np.array([k > 1 for _, k in encoded], dtype=bool)
        X = np.column_stack([c for c, k in encoded if k > 1])
        n_categories = tuple(k for _, k in encoded if k > 1)
    names = tuple(str(c) for c in feats.columns)
    notes = (*notes, *missing_notes)
    dropped = [n for n, k in zip(names, keep, strict=True) if not k]
    if dropped:
        notes = (*notes, f"dropped constant features: {', '.join(dropped)}")
    if len(np.unique(y)) != 2:
        raise ValueError(f"{name!r}: both classes must be present, got labels {np.unique(y)}")
    positives = f"y: {int(y.sum())} positives of {len(y)}"
    return Prepared(
        X=np.ascontiguousarray(X, dtype=np.float64),
        y=np.asarray(y, dtype=np.int64),
        n_categories=n_categories,
        feature_names=tuple(n for n, k in zip(names, keep, strict=True) if k),
        notes=(*notes, positives),
    )


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


def draw_train_indices(y: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``m`` distinct pool indices, uniform over the subsets holding both classes.

    Rejection sampling: uniform ``m``-subsets are redrawn until both classes are present,
    which yields the uniform distribution conditional on that event.

    Parameters
    ----------
    y : numpy.ndarray
        Labels of the pool, shape ``(N,)``, values in ``{0, 1}``.
    m : int
        Training-set size, ``2 <= m <= N - 1``.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        Sorted int64 indices, shape ``(m,)``; the test set is the complement.
    """
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {labels.shape}")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"y must hold only 0 and 1, got values {np.unique(labels)}")
    n = labels.shape[0]
    if isinstance(m, bool) or not isinstance(m, int | np.integer) or not 2 <= m <= n - 1:
        raise ValueError(f"m must be an integer in [2, N - 1] = [2, {n - 1}], got {m!r}")
    positives = int(labels.sum())
    if positives in (0, n):
        raise ValueError(f"both classes must be present in the pool; y has {positives} ones")
    for _ in range(MAX_DRAWS):
        idx = rng.choice(n, size=int(m), replace=False)
        count = int(labels[idx].sum())
        if 0 < count < m:
            return np.sort(idx).astype(np.int64)
    raise RuntimeError(f"no draw with both classes in {MAX_DRAWS} tries (m={m}, N={n})")
