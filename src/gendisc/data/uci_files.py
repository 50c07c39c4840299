"""The raw UCI source files: where each is published and its pinned SHA-256.

The pins and provenance statuses come from the data mirror's manifest. :mod:`gendisc.data.download`
fetches a file, :mod:`gendisc.data.checksums` verifies it, :mod:`gendisc.data.uci_parsers` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: base URL of the UCI Machine Learning Repository's historic file tree
UCI = "https://archive.ics.uci.edu/ml/machine-learning-databases/"


@dataclass(frozen=True)
class SourceFile:
    """One raw file: cache/mirror name, public URL, pinned SHA-256, provenance status."""

    name: str
    url: str
    sha256: str
    status: str


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
