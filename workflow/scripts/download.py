"""Download one UCI source file into the cache and verify its pinned SHA-256."""

import logging
from pathlib import Path

from gendisc.data import checksums, download, uci_files
from gendisc.study import runtime

with runtime.log_to(snakemake.log[0]):
    p = snakemake.params
    target = Path(snakemake.output[0])
    path = download.fetch(
        uci_files.SourceFile(**p.file),
        target.parent,
        mirror=p.mirror,
        accept=p.accept,
        deadline=p.deadline,
    )
    logging.info("%s verified (sha256 %s)", path, checksums.sha256_file(path))
