"""The keys of the study's tables and the named values that stand for "all" in them.

A *row* of the errors table is one (study, dataset, pair, m, replicate, role); a *cell* is
everything that describes a design point (all but the replicate); a *replicate* of a cell is
the cell plus the replicate index. Every module that groups or sorts the tables takes its
key from here.
"""

from __future__ import annotations

#: the two models of a pair, in the order every table lists them
ROLES: tuple[str, str] = ("generative", "discriminative")

#: the key that identifies a row of the errors table; the table is sorted by it
ROW: tuple[str, ...] = ("study", "dataset", "pair", "m", "replicate", "role")

#: a cell of the design: everything but the replicate (and the model)
CELL: tuple[str, ...] = (
    "study",
    "dataset",
    "family",
    "level",
    "n_features",
    "separation",
    "prior",
    "pair",
    "m",
)

#: one replicate of a cell: the two models' rows share it
REPLICATE: tuple[str, ...] = (*CELL, "replicate")

#: the ``m`` of a row that pools every training-set size (e.g. the Efron table's pooled rows)
POOLED_M: int = -1

#: the column that holds a replicate's 64-bit random-stream id (not the config's base seed)
STREAM_ID: str = "stream_id"

__all__ = ["CELL", "POOLED_M", "REPLICATE", "ROLES", "ROW", "STREAM_ID"]
