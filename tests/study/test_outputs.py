"""The registry of output tables: its contract, and that rules and report read it."""

import re

import pytest

from gendisc.report import common
from gendisc.report.sections import data as data_section
from gendisc.study import columns, outputs

from conftest import REPO


def test_every_entry_is_well_formed_and_unique():
    tables = outputs.TABLES
    assert len({t.path for t in tables.values()}) == len(tables)
    for name, table in tables.items():
        assert table.name == name and table.description and table.columns
        assert table.kind in outputs.KINDS
    assert outputs.TABLES["errors"].columns == tuple(columns.ERRORS)
    assert "stream_id" in outputs.TABLES["errors"].columns
    with pytest.raises(ValueError, match="kind must be one of"):
        outputs.paths("other")
    with pytest.raises(ValueError, match=r"path must be results/NAME\.csv"):
        outputs.OutputTable("x", "elsewhere/x.csv", "d", ("a",))


def test_report_reads_the_registry():
    report = outputs.report_tables()
    for name, table in report.items():
        assert name == "errors" or common.TABLE_FILES[name] == table.file
    assert list(data_section.DATA_FILES) == [t.file for t in report.values()]
    assert all(data_section.DATA_FILES[t.file] == t.description for t in report.values())


def test_rules_take_their_table_paths_from_the_registry():
    """No rule file writes a registered table's path itself: it names it by TABLES/STATS_TABLES."""
    rules = "\n".join(p.read_text() for p in (REPO / "workflow" / "rules").glob("*.smk"))
    for table in outputs.TABLES.values():
        assert not re.search(rf'"{re.escape(table.path)}"', rules), table.path
