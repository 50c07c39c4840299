"""The per-cell summary: paired differences and their standard errors, against numpy."""

import numpy as np
import pandas as pd
import pytest

from gendisc.study import keys, summary

from factories import error_row, errors_table


def _errors(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for study, ds, level in (("synthetic", "a", 0.5), ("uci", "pima", np.nan)):
        for pair in ("nb_lr", "gnb_lr"):
            for m in (4, 8, 16):
                for r in range(7):
                    for role in keys.ROLES:
                        rows.append(
                            error_row(
                                study=study,
                                dataset=ds,
                                family="f" if study != "uci" else "",
                                level=level,
                                n_features=3,
                                separation=2.0,
                                pair=pair,
                                model=role,
                                role=role,
                                m=m,
                                replicate=r,
                                stream_id=r,
                                n_test=10,
                                test_error=rng.random(),
                                separable=bool(r % 2),
                                n_warnings=r % 3,
                            )
                        )
    return errors_table(rows)


def test_summary_matches_numpy():
    errors = _errors(np.random.default_rng(1))
    out = summary.summarise(errors)
    assert len(out) == 2 * 2 * 3  # studies x pairs x m (NaN level of uci kept as a cell)
    for _, row in out.iterrows():
        sel = errors[
            (errors["dataset"] == row["dataset"])
            & (errors["pair"] == row["pair"])
            & (errors["m"] == row["m"])
        ].sort_values(["replicate", "role"])
        gen = sel[sel["role"] == "generative"]["test_error"].to_numpy()
        dis = sel[sel["role"] == "discriminative"]["test_error"].to_numpy()
        d = gen - dis
        assert row["R"] == len(d) == 7
        assert row["mean_d"] == pytest.approx(d.mean())
        assert row["se_d"] == pytest.approx(d.std(ddof=1) / np.sqrt(len(d)))
        assert row["err_generative"] == pytest.approx(gen.mean())
        assert row["se_discriminative"] == pytest.approx(dis.std(ddof=1) / np.sqrt(len(d)))
        assert row["n_warnings"] == sel["n_warnings"].sum()


def test_swapping_roles_flips_the_difference():
    errors = _errors(np.random.default_rng(2))
    swapped = errors.copy()
    swapped["role"] = swapped["role"].map(
        {"generative": "discriminative", "discriminative": "generative"}
    )
    a = summary.paired(errors)
    b = summary.paired(swapped)
    np.testing.assert_allclose(a["d"].to_numpy(), -b["d"].to_numpy())


def test_combine_rejects_duplicate_rows():
    errors = _errors(np.random.default_rng(3))
    with pytest.raises(ValueError, match="duplicate rows"):
        summary.combine([errors, errors.iloc[:2]])
