"""RunOptions: built once from the validated config, refused when out of range."""

import dataclasses

import pytest
import yaml
from snakemake.utils import validate

from gendisc.models.constants import DEFAULT_ENGINE, DEFAULT_LR_C, ENGINES
from gendisc.models.separable import SamplerSettings
from gendisc.study.options import RunOptions

from conftest import REPO


def test_from_config_takes_every_option_from_its_key():
    config = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    validate(config, str(REPO / "config" / "config.schema.yaml"))  # fills in the defaults
    opts = RunOptions.from_config(config)
    assert opts == RunOptions(
        seed=config["seed"],
        engine=config["engine"],
        lr_C=config["lr_C"],
        n_test=config["n_test"],
        n_mc=config["bayes"]["n_mc"],
        asymptotic_n_train=config["asymptotic"]["n_train"],
        asymptotic_n_test=config["asymptotic"]["n_test"],
        lr_separable=config["uci"]["lr_separable"],
        sampler=SamplerSettings(**config["uci"]["sampler"]),
    )
    assert RunOptions(**opts.as_params()) == opts  # what a job rebuilds from its params
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.seed = 1  # type: ignore[misc]


def test_defaults_are_the_models_defaults():
    assert RunOptions(seed=1).engine == DEFAULT_ENGINE == ENGINES[0]
    assert RunOptions(seed=1).lr_C == DEFAULT_LR_C


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("seed", 7.0, "seed must be an integer"),
        ("seed", -1, "seed must be in"),
        ("engine", "turbo", "engine must be one of"),
        ("lr_C", float("inf"), "lr_C must be a finite number > 0"),
        ("lr_C", 0.0, "lr_C must be a finite number > 0"),
        ("n_test", 500.0, "n_test must be an integer >= 1"),
        ("n_mc", 0, "n_mc must be an integer >= 1"),
        ("lr_separable", "widest", "lr_separable must be one of"),
    ],
)
def test_out_of_range_values_are_refused_by_name(field, value, message):
    with pytest.raises(ValueError, match=message):
        RunOptions(**{"seed": 1, field: value})
