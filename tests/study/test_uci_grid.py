"""The UCI m grids: the paper's, up to the pool size under the chosen readings."""

from __future__ import annotations

import pytest

from gendisc.data import reference
from gendisc.study import design


def _config(**uci):
    return {"uci": {"m": {}, "readings": {}, **uci}}


def test_default_grid_is_the_papers():
    for name, panel in reference.panels().items():
        grid = design.uci_m_grid(_config(), name)
        assert grid == tuple(m for m in panel.m_grid if m <= grid[-1])
        if name != "lenses":
            assert grid == panel.m_grid
    # the literal lenses reading has 9 rows: the paper's grid up to 8; a 24-row one: all of it
    assert design.uci_m_grid(_config(), "lenses") == tuple(range(2, 9))
    cfg = _config(readings={"lenses": "hard_vs_rest_24"})
    assert design.uci_m_grid(cfg, "lenses") == tuple(range(2, 24))


def test_override_is_checked_against_the_reading():
    cfg = _config(m={"lenses": [2, 20]})
    with pytest.raises(design.ConfigError, match=r"uci\.m\.lenses"):
        design.uci_m_grid(cfg, "lenses")
    cfg["uci"]["readings"] = {"lenses": "lenses_vs_none_24"}
    assert design.uci_m_grid(cfg, "lenses") == (2, 20)
    with pytest.raises(design.ConfigError, match=r"uci\.readings"):
        design.uci_m_grid(_config(readings={"lenses": "x"}), "lenses")


def test_fixed_held_out_test_set_bounds_m_by_the_training_part():
    from gendisc.study import held_out

    cfg = _config(readings={"lenses": "lenses_vs_none_24", "test_set": "fixed_held_out"})
    # 24 rows, 6 held out: training sets of at most 17 rows
    assert held_out.training_rows(24) == 18
    assert design.uci_m_grid(cfg, "lenses") == tuple(range(2, 18))
    cfg["uci"]["m"] = {"lenses": [2, 20]}
    with pytest.raises(design.ConfigError, match="less the held-out part"):
        design.uci_m_grid(cfg, "lenses")
