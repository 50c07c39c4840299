"""The kinds of data a model pair accepts and a dataset or synthetic family provides."""

from __future__ import annotations

#: real-valued features
CONTINUOUS = "continuous"
#: integer category codes ``0..k_j - 1`` stored as float64
DISCRETE = "discrete"
#: every kind, in the order the report lists them
KINDS: tuple[str, ...] = (CONTINUOUS, DISCRETE)
