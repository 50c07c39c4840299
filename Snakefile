# gendisc: generative vs discriminative classifiers (Ng & Jordan, NIPS 2001), reproduced.
# Table of contents only: rules live in workflow/rules, science in src/gendisc.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


# validated (JSON Schema, then cross-field checks) in workflow/rules/common.smk


include: "workflow/rules/common.smk"
include: "workflow/rules/synthetic.smk"
include: "workflow/rules/uci.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/stats.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
