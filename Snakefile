# gendisc: generative vs discriminative classifiers (Ng & Jordan, NIPS 2001), reproduced.
# Table of contents only: rules live in workflow/rules, science in src/gendisc.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"


# JSON Schema (defaults filled in), then the cross-field checks: one clean message per error
validate(config, "config/config.schema.yaml")


include: "workflow/rules/design.smk"
include: "workflow/rules/synthetic.smk"
include: "workflow/rules/uci.smk"
include: "workflow/rules/readings.smk"
include: "workflow/rules/user.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/stats.smk"
include: "workflow/rules/beyond.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
        beyond_studies.outputs(config),
