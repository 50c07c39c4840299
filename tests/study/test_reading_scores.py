"""Reading scores: each alternative's mean curves on its panels, with the study's streams."""

from __future__ import annotations

import pytest

from gendisc.data import datasets
from gendisc.study import reading_scores as RS
from gendisc.study.options import RunOptions

from conftest import MIRROR, needs_mirror

OPTIONS = RunOptions(seed=5, lr_separable="max_margin")


def _paths():
    return {n: MIRROR / n for n in RS.files_needed()}


def test_panels_and_switch():
    assert RS.panels_of("lenses") == ("lenses",)
    assert RS.panels_of("optdigits_pool") == ("optdigits_0v1",)  # 2 vs 3 has no values
    assert set(RS.panels_of("discretisation")) == {"adult_discrete", "sick"}
    assert "ionosphere" not in RS.panels_of("test_set") and len(RS.panels_of("test_set")) == 10
    assert RS.report_tables({}) == {}
    on = {"uci": {"reading_scores": {"replicates": 5}}}
    assert RS.report_tables(on) == {"reading_scores": RS.TABLE} and RS.n_splits(on) == 5
    with pytest.raises(ValueError, match="not scored here"):
        RS.alternative_curves("lr_separable", "max_margin", {}, {}, OPTIONS, 5)
    with pytest.raises(ValueError, match="has alternatives"):
        RS.alternative_curves("lenses", "hard", {}, {}, OPTIONS, 5)


@needs_mirror
def test_lenses_alternatives_give_their_pools_curves():
    table = RS.score_table({}, _paths(), OPTIONS, 3, readings=("lenses",))
    assert list(table.columns) == list(RS.COLUMNS)
    assert set(table["alternative"]) == {"hard_vs_soft_9", "hard_vs_rest_24", "soft_vs_rest_24",
                                         "lenses_vs_none_24"}  # fmt: skip
    m = table.groupby("alternative")["m"].max()
    assert m["hard_vs_soft_9"] == 8 and m["lenses_vs_none_24"] == 23  # the pool bounds m
    assert (table["pair"] == "bnb_lr").all() and (table["R"] == 3).all()
    assert table[["naive_bayes", "logistic_regression"]].stack().between(0, 1).all()


@needs_mirror
def test_test_set_alternatives_differ_only_in_the_test_set():
    cfg = {"uci": {"readings": {"lenses": "lenses_vs_none_24"}}}
    rest, fixed = (
        RS.alternative_curves("test_set", alt, cfg, _paths(), OPTIONS, 4, datasets=("lenses",))
        for alt in ("rest_of_pool", "fixed_held_out")
    )
    assert rest["m"].max() == 23 and fixed["m"].max() == 17  # 6 of 24 rows held out
    assert (
        not rest.set_index("m").loc[2:17, "naive_bayes"].equals(fixed.set_index("m")["naive_bayes"])
    )


@needs_mirror
def test_scaling_changes_lr_not_naive_bayes():
    # liver: shared-variance NB is invariant to an affine map per feature, LR's direction on
    # separable sets (max-margin) is not
    cfg = {"uci": {"readings": {"nb_variance": "shared"}}}
    a, b = (
        RS.alternative_curves("scaling", alt, cfg, _paths(), OPTIONS, 6, datasets=("liver",))
        for alt in ("minmax_pool", "standardise_pool")
    )
    assert (a["pair"] == "nb_lr").all() and datasets.DATASETS["liver"].kind == "continuous"
    # (at m = 2 every within-class variance is 0 and the variance floor, relative to the
    # largest feature variance, is not invariant per feature)
    big = a["m"] > 2
    assert a.loc[big, "naive_bayes"].to_numpy() == pytest.approx(b.loc[big, "naive_bayes"])
    assert (a["logistic_regression"] - b["logistic_regression"]).abs().max() > 0.002
