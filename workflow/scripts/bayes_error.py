"""Bayes error of one synthetic setting (closed form, enumeration or Monte Carlo)."""

import logging
from dataclasses import asdict

from gendisc import generators, seeding
from gendisc import io as gio

with gio.log_to(snakemake.log[0]):
    setting = generators.Setting(**snakemake.params.setting)
    rng = seeding.rng(snakemake.params.seed, "bayes", setting.id)
    result = generators.bayes_error(setting, n_mc=snakemake.params.n_mc, rng=rng)
    logging.info("%s: %s", setting.id, result)
    gio.write_json(snakemake.output[0], {"setting": asdict(setting), **asdict(result)})
