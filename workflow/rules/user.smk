# Your own datasets (config section `datasets`): each file becomes a pool like a UCI dataset's,
# then the UCI rules (uci_splits, aggregate, statistics, report) run on it unchanged.
import re

from gendisc.data import user

USER_DATASETS = user.specs(config)


wildcard_constraints:
    user_dataset="|".join(map(re.escape, USER_DATASETS)) or r"(?!x)x",


# A user dataset's pool comes from its file (an input: editing the file reruns its jobs only).
rule prepare_user_dataset:
    input:
        lambda wc: str(user.resolve(USER_DATASETS[wc.user_dataset], Path.cwd())),
    output:
        "results/uci/pools/{user_dataset}.parquet",
    log:
        "logs/prepare_user_dataset/{user_dataset}.log",
    benchmark:
        "benchmarks/prepare_user_dataset/{user_dataset}.tsv"
    conda:
        ENV
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        entry=lambda wc: config["datasets"][wc.user_dataset],
    script:
        "../scripts/prepare_user_dataset.py"
