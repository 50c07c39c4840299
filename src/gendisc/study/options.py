"""The run's options, built once from the validated config and passed whole.

Every compute function of the study takes one :class:`RunOptions` instead of a base seed,
an engine name, an LR strength and sizes threaded one by one. The workflow builds it once
(:meth:`RunOptions.from_config`, in ``workflow/rules/common.smk``) and hands it to the jobs
as a plain dict (:meth:`RunOptions.as_params`); a job rebuilds it with ``RunOptions(**d)``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gendisc.models.constants import DEFAULT_ENGINE, DEFAULT_LR_C, ENGINES
from gendisc.models.separable import DEFAULT_SAMPLER, LR_SEPARABLE_RULES, SamplerSettings
from gendisc.study.seeding import MAX_SEED


@dataclass(frozen=True)
class RunOptions:
    """What every job of a run shares.

    Attributes
    ----------
    seed : int
        Base seed (config ``seed``); every random stream derives from it.
    engine : str
        Fitting engine (config ``engine``), one of :data:`gendisc.models.engine.ENGINES`.
    lr_C : float
        Logistic regression's inverse L2 strength (config ``lr_C``), finite and > 0.
    n_test : int
        Fresh test examples per synthetic replicate (config ``n_test``).
    n_mc : int
        Monte Carlo size of a Bayes error without closed form (config ``bayes.n_mc``).
    asymptotic_n_train, asymptotic_n_test : int
        Training and test examples of each model's asymptotic error (config ``asymptotic``).
    lr_separable : str
        Logistic regression's rule on separable training sets of the pool (UCI) studies
        (config ``uci.lr_separable``), one of :data:`gendisc.models.separable.LR_SEPARABLE_RULES`.
    sampler : SamplerSettings
        Burn-in of the random-separator chains (config ``uci.sampler``); a mapping of its fields
        is accepted (what :meth:`as_params` gives).
    exact_test_error : bool
        Synthetic test errors in closed form where the maths allows (config
        ``exact_test_error``; :mod:`gendisc.data.exact_error`), else ``n_test`` fresh examples.
    """

    seed: int
    engine: str = DEFAULT_ENGINE
    lr_C: float = DEFAULT_LR_C
    n_test: int = 2000
    n_mc: int = 1_000_000
    asymptotic_n_train: int = 100_000
    asymptotic_n_test: int = 100_000
    lr_separable: str = LR_SEPARABLE_RULES[0]
    sampler: SamplerSettings = DEFAULT_SAMPLER
    exact_test_error: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.sampler, Mapping):
            object.__setattr__(self, "sampler", SamplerSettings(**self.sampler))
        if self.lr_separable not in LR_SEPARABLE_RULES:
            raise ValueError(
                f"lr_separable must be one of {list(LR_SEPARABLE_RULES)}, got {self.lr_separable!r}"
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(f"seed must be an integer, got {self.seed!r}")
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"seed must be in [0, {MAX_SEED}], got {self.seed}")
        if not isinstance(self.exact_test_error, bool):
            raise ValueError(
                f"exact_test_error must be true or false, got {self.exact_test_error!r}"
            )
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {list(ENGINES)}, got {self.engine!r}")
        if not (math.isfinite(self.lr_C) and self.lr_C > 0):
            raise ValueError(f"lr_C must be a finite number > 0, got {self.lr_C!r}")
        for name in ("n_test", "n_mc", "asymptotic_n_train", "asymptotic_n_test"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an integer >= 1, got {value!r}")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RunOptions:
        """Build from a schema-validated config (defaults filled in).

        Raises
        ------
        ValueError
            If a value is out of range (the message names it).
        """
        return cls(
            seed=config["seed"],
            engine=config["engine"],
            lr_C=float(config["lr_C"]),
            n_test=config["n_test"],
            n_mc=config["bayes"]["n_mc"],
            asymptotic_n_train=config["asymptotic"]["n_train"],
            asymptotic_n_test=config["asymptotic"]["n_test"],
            lr_separable=config["uci"]["lr_separable"],
            sampler=SamplerSettings(**config["uci"]["sampler"]),
            exact_test_error=config.get("exact_test_error", True),
        )

    def as_params(self) -> dict[str, Any]:
        """The options as a plain dict (a rule's ``params``), ``RunOptions(**d)`` rebuilds them."""
        return dataclasses.asdict(self)


__all__ = ["RunOptions"]
