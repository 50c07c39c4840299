"""The claim registry (``config/claims.yaml``): claims, their verdict rules and the dated changes.

The file is checked against its JSON Schema (``config/claims.schema.yaml``) and against the
cross-field rules a schema cannot state: exactly one primary rule per claim (the rule first
declared, so no secondary rule is older than it), unique rule ids, and the verdict kinds of
:data:`gendisc.stats.verdicts.VERDICT_KINDS`. The implementation of each rule is
:data:`gendisc.stats.claim_rules.RULES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

from gendisc.stats.verdicts import VERDICT_KINDS, VerdictRule

#: default location of the registry, relative to the project root
REGISTRY_PATH = Path("config/claims.yaml")


@dataclass(frozen=True)
class RuleSpec:
    """One verdict rule of a claim (see ``config/claims.schema.yaml`` for the fields)."""

    id: str
    primary: bool
    declared: str
    commit: str | None
    definition: str
    reason: str = ""
    #: verdict thresholds this rule sets itself (names of
    #: :class:`gendisc.stats.verdicts.VerdictRule` fields), as ``(name, value)`` pairs
    parameters: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class ClaimSpec:
    """One registered claim: what is claimed, what is tested, its rules (primary first)."""

    id: str
    number: int
    statement: str
    tested_as: str
    test: str
    rules: tuple[RuleSpec, ...]

    @property
    def primary(self) -> RuleSpec:
        """The primary rule (the rule first declared)."""
        return next(r for r in self.rules if r.primary)


@dataclass(frozen=True)
class Change:
    """One dated change of the registry."""

    date: str
    commit: str | None
    change: str


@dataclass(frozen=True)
class ClaimRegistry:
    """The whole registry: verdict kinds (name -> meaning), changes, claims by id."""

    verdict_kinds: Mapping[str, str]
    changes: tuple[Change, ...]
    claims: Mapping[str, ClaimSpec]

    def rule_table(self) -> pd.DataFrame:
        """One row per claim and rule: ``number, claim, statement, tested_as, test, rule,
        primary, declared, commit, definition, reason`` (for the report)."""
        rows = [
            {"number": c.number, "claim": c.id, "statement": c.statement,
             "tested_as": c.tested_as, "test": c.test, "rule": r.id, "primary": r.primary,
             "declared": r.declared, "commit": r.commit or "", "definition": r.definition,
             "reason": r.reason}
            for c in self.claims.values() for r in c.rules
        ]  # fmt: skip
        return pd.DataFrame(rows)


def _schema_path(path: Path) -> Path:
    return path.with_name(path.stem + ".schema.yaml")


def check_registry(doc: Any, schema: Mapping[str, Any]) -> None:
    """Raise ValueError naming the key if ``doc`` breaks the schema or a cross-field rule."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        raise ValueError(f"claim registry: {where}: {first.message}")
    if tuple(doc["verdict_kinds"]) != VERDICT_KINDS:
        raise ValueError(
            f"claim registry: verdict_kinds must list {list(VERDICT_KINDS)} in this order, "
            f"got {list(doc['verdict_kinds'])}"
        )
    for cid, claim in doc["claims"].items():
        ids = [r["id"] for r in claim["rules"]]
        if len(set(ids)) != len(ids):
            raise ValueError(f"claim registry: claims/{cid}/rules: duplicate rule ids {ids}")
        primary = [r for r in claim["rules"] if r["primary"]]
        if len(primary) != 1:
            raise ValueError(
                f"claim registry: claims/{cid}/rules: exactly one rule must be primary, "
                f"got {[r['id'] for r in primary]}"
            )
        for r in claim["rules"]:
            unknown = set(r.get("parameters", {})) - set(VerdictRule.__dataclass_fields__)
            if unknown:
                raise ValueError(
                    f"claim registry: claims/{cid}/rules/{r['id']}/parameters: unknown "
                    f"threshold(s) {sorted(unknown)}; known: "
                    f"{sorted(VerdictRule.__dataclass_fields__)}"
                )
        older = [r["id"] for r in claim["rules"] if r["declared"] < primary[0]["declared"]]
        if older:
            raise ValueError(
                f"claim registry: claims/{cid}: the primary rule {primary[0]['id']!r} must be "
                f"the first declared, but {older} are older"
            )


def parse_registry(doc: Mapping[str, Any], schema: Mapping[str, Any]) -> ClaimRegistry:
    """Check a loaded registry document and build the :class:`ClaimRegistry`."""
    check_registry(doc, schema)
    claims = {}
    for cid, c in doc["claims"].items():
        rules = sorted(
            (RuleSpec(r["id"], bool(r["primary"]), str(r["declared"]), r["commit"],
                      r["definition"].strip(), r.get("reason", "").strip(),
                      tuple(sorted((k, float(v)) for k, v in r.get("parameters", {}).items())))
             for r in c["rules"]),
            key=lambda r: (not r.primary, r.declared),
        )  # fmt: skip
        claims[cid] = ClaimSpec(
            cid, int(c["number"]), c["statement"].strip(), c["tested_as"].strip(), c["test"],
            tuple(rules),
        )  # fmt: skip
    changes = tuple(
        Change(str(x["date"]), x["commit"], x["change"].strip()) for x in doc["changes"]
    )
    kinds = {k: str(v).strip() for k, v in doc["verdict_kinds"].items()}
    return ClaimRegistry(kinds, changes, claims)


def load_registry(path: str | Path = REGISTRY_PATH) -> ClaimRegistry:
    """Read, check and parse the claim registry; its schema is ``<stem>.schema.yaml`` beside it.

    Raises
    ------
    ValueError
        Naming the offending key when the file breaks the schema or a cross-field rule.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    with _schema_path(path).open(encoding="utf-8") as fh:
        schema = yaml.safe_load(fh)
    return parse_registry(doc, schema)


__all__ = [
    "REGISTRY_PATH",
    "Change",
    "ClaimRegistry",
    "ClaimSpec",
    "RuleSpec",
    "check_registry",
    "load_registry",
    "parse_registry",
]
