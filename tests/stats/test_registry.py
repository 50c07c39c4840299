"""Tests of the claim registry (config/claims.yaml), its schema and the rule implementations."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
import yaml
from snakemake.utils import validate

from gendisc.stats import claim_rules, registry, verdicts

from conftest import REPO

REGISTRY = REPO / "config" / "claims.yaml"
SCHEMA = REPO / "config" / "claims.schema.yaml"


@pytest.fixture(scope="module")
def doc() -> dict:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema() -> dict:
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def test_registry_loads_with_one_primary_rule_each():
    reg = registry.load_registry(REGISTRY)
    assert tuple(reg.verdict_kinds) == verdicts.VERDICT_KINDS
    for spec in reg.claims.values():
        assert sum(r.primary for r in spec.rules) == 1
        assert spec.rules[0] is spec.primary
        assert spec.test in verdicts.TESTS
    claim1 = reg.claims["generative_better_small_m"]
    # the rule first declared stays primary; the later one is kept beside it, dated
    assert (claim1.primary.id, claim1.primary.commit) == ("smallest_m", "1e95059")
    later = {r.id: r for r in claim1.rules if not r.primary}
    assert later["lower_half_best_bonferroni"].commit == "1e2d2cf"
    assert later["lower_half_best_bonferroni"].reason
    assert reg.claims["curves_cross"].primary.id == "smallest_m"
    assert reg.claims["misspecification_widens_gap"].primary.id == "pooled_ols"
    table = reg.rule_table()
    assert set(table.columns) >= {"claim", "rule", "primary", "declared", "commit", "definition"}
    assert [c.commit for c in reg.changes][:4] == ["1e95059", "1e2d2cf", "be43dce", "38d4712"]


def test_every_registered_rule_is_implemented_and_vice_versa():
    """The contract: config/claims.yaml and claim_rules.RULES name the same (claim, rule)."""
    reg = registry.load_registry(REGISTRY)
    declared = {(c, r.id) for c, spec in reg.claims.items() for r in spec.rules}
    implemented = {(c, r) for c, rules in claim_rules.RULES.items() for r in rules}
    assert declared == implemented


def test_snakemake_validates_the_registry_with_its_schema(doc):
    validate(copy.deepcopy(doc), str(SCHEMA))


def _break(doc: dict, how: str) -> dict:
    bad = copy.deepcopy(doc)
    rules = bad["claims"]["generative_better_small_m"]["rules"]
    if how == "two_primaries":
        rules[1]["primary"] = True
    elif how == "no_primary":
        rules[0]["primary"] = False
    elif how == "primary_not_first":
        rules[0]["declared"] = "2026-12-01"
    elif how == "duplicate_rule":
        rules[1]["id"] = rules[0]["id"]
    elif how == "unknown_test":
        bad["claims"]["generative_better_small_m"]["test"] = "vibes"
    elif how == "bad_date":
        rules[0]["declared"] = "24.11.2026"
    elif how == "unknown_key":
        bad["claims"]["generative_better_small_m"]["verdict"] = "supported"
    elif how == "unknown_parameter":
        rules[0]["parameters"] = {"efron_tolerence": 0.2}
    elif how == "missing_kind":
        del bad["verdict_kinds"]["negligible"]
    return bad


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("two_primaries", "exactly one rule must be primary"),
        ("no_primary", "exactly one rule must be primary"),
        ("primary_not_first", "must be the first declared"),
        ("duplicate_rule", "duplicate rule ids"),
        ("unknown_test", "claims/generative_better_small_m/test"),
        ("bad_date", "claims/generative_better_small_m/rules/0/declared"),
        ("unknown_key", "'verdict' was unexpected"),
        ("missing_kind", "'negligible' is a required property"),
        ("unknown_parameter", "rules/smallest_m/parameters: unknown threshold"),
    ],
)
def test_bad_registries_are_rejected_naming_the_key(doc, schema, how, message):
    with pytest.raises(ValueError, match=message):
        registry.parse_registry(_break(doc, how), schema)


def test_unimplemented_rule_is_refused(doc, schema):
    bad = copy.deepcopy(doc)
    bad["claims"]["curves_cross"]["rules"].append(
        {"id": "new_rule", "primary": False, "declared": "2026-12-02", "commit": None,
         "definition": "A rule nobody wrote."}
    )  # fmt: skip
    reg = registry.parse_registry(bad, schema)
    assert claim_rules.unimplemented(reg) == [("curves_cross", "new_rule")]
    with pytest.raises(ValueError, match="without an implementation"):
        claim_rules.build_claims({}, reg, verdicts.VerdictRule())


def test_sensitivity_table_counts_each_rule():
    reg = registry.load_registry(REGISTRY)
    claims = pd.DataFrame({
        "claim": "generative_better_small_m",
        "scope": ["a", "b", "c", "a", "b", "c"],
        "rule": ["smallest_m"] * 3 + ["lower_half_best_bonferroni"] * 3,
        "verdict": ["contradicted", "degenerate", "negligible",
                    "supported", "supported", "negligible"],
    })  # fmt: skip
    sens = claim_rules.sensitivity_table(claims, reg).set_index(["claim", "rule"])
    first = sens.loc[("generative_better_small_m", "smallest_m")]
    assert first["primary"] and first["n"] == 3 and first["same_as_primary"] == 3
    assert (first["contradicted"], first["degenerate"], first["negligible"]) == (1, 1, 1)
    later = sens.loc[("generative_better_small_m", "lower_half_best_bonferroni")]
    assert not later["primary"] and later["supported"] == 2 and later["same_as_primary"] == 1
    assert list(sens.columns[-6:]) == [*verdicts.VERDICT_KINDS, "same_as_primary"]
    assert sens.loc[("curves_cross", "smallest_m"), "n"] == 0
