"""Tests of the reference values of a synthetic setting (gendisc.study.reference)."""

from __future__ import annotations

import numpy as np

from gendisc.data import generators
from gendisc.study import reference
from gendisc.study.options import RunOptions


def test_asymptotic_rows_carry_the_discordant_counts_of_the_shared_test_set():
    """Both models are scored on one test set; the examples only one of them misclassifies
    make the whole error difference: (b - c) / n = err_gen - err_dis."""
    setting = generators.Setting("correlated_gaussian", 3, 0.5, 1.5, 0.4)
    options = RunOptions(seed=3, n_mc=2000, asymptotic_n_train=3000, asymptotic_n_test=4000)
    ref = reference.reference(setting, ["nb_lr", "lda_lr"], options)
    table = reference.asymptotic_table([{"study": "s", **reference.family_reference(
        [{"setting": ref["setting"], "pairs": ["nb_lr", "lda_lr"]}], options)}])  # fmt: skip
    assert list(table.columns) == list(reference.ASYMPTOTIC_COLUMNS)
    for _, g in table.groupby("pair"):
        g = g.set_index("role")
        b, c = g.loc["generative", "n_only_wrong"], g.loc["discriminative", "n_only_wrong"]
        gap = g.loc["generative", "asymptotic_error"] - g.loc["discriminative", "asymptotic_error"]
        assert np.isclose((b - c) / 4000, gap, atol=1e-12)
        assert 0 < b + c < 4000  # the models disagree somewhere, not everywhere
