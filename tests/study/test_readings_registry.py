"""Contract of the readings registry: every ambiguity named, selectable ones match the schema."""

from __future__ import annotations

from pathlib import Path

import yaml

from gendisc.study.readings import READINGS, chosen

REPO = Path(__file__).resolve().parents[2]
SCHEMA = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())


def _schema_at(key: str) -> dict:
    node = SCHEMA
    for part in key.split("."):
        node = node["properties"][part]
    return node


def test_every_ambiguity_of_the_issue_is_a_reading():
    assert set(READINGS) == {
        "lr_separable", "nb_variance", "scaling", "lenses", "lymphography", "discretisation",
        "optdigits_pool", "test_set",
    }  # fmt: skip
    for name, r in READINGS.items():
        assert r.name == name and len(r.alternatives) >= 2 and r.question and r.scope


def test_selectable_readings_match_the_schema_and_the_default_config():
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    picked = chosen(config)
    for r in READINGS.values():
        node = _schema_at(r.config_key)  # every reading is selectable
        assert set(node["enum"]) == set(r.alternatives), r.name
        assert picked[r.name] in r.alternatives
        assert node["default"] in r.alternatives
    assert chosen({})["lenses"] == "hard_vs_soft_9"
    assert (
        chosen({"uci": {"readings": {"lenses": "hard_vs_rest_24"}}})["lenses"] == "hard_vs_rest_24"
    )
    assert chosen({"uci": {"lr_separable": "max_margin"}})["lr_separable"] == "max_margin"


def test_study_readings_are_checked_and_name_the_bad_value():
    import pytest

    from gendisc.study.readings import check, replica_pair

    assert check({"test_set": "fixed_held_out"})["test_set"] == "fixed_held_out"
    with pytest.raises(ValueError, match="'test_set' must be one of"):
        check({"test_set": "held_out"})
    with pytest.raises(ValueError, match="unknown readings"):
        check({"scale": "none"})
    with pytest.raises(ValueError, match="'scaling' must be one of"):
        check({"scaling": "unit"})
    # the NB-variance reading picks the continuous panels' pair; discrete panels keep bnb_lr
    assert replica_pair("pima", {}) == "gnb_lr"
    shared = {"uci": {"readings": {"nb_variance": "shared"}}}
    assert replica_pair("pima", shared) == "nb_lr"
    assert replica_pair("voting", {}) == "bnb_lr"
    assert replica_pair("pima", {}, run={"nb_lr", "lda_lr"}) == "nb_lr"
