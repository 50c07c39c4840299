# The README's two set-up commands: `make report` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all
# MIRROR=folder-or-URL reads the UCI files from a mirror instead of the public sources
MIRROR ?=
SNAKEMAKE := $(BIN)/snakemake
SMK_CONFIG := $(if $(MIRROR),--config data_mirror=$(abspath $(MIRROR)),)

.PHONY: venv report test lint format bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

venv: $(BIN)/.installed

# the console shows one progress line per job and errors with their logs (logger plugin
# snakemake_logger_plugin_gendisc); every job's block stays in .snakemake/log/, its log in logs/
report: venv
	$(SNAKEMAKE) --cores $(CORES) $(SMK_CONFIG) --logger gendisc --show-failed-logs
	$(SNAKEMAKE) --cores $(CORES) $(SMK_CONFIG) --report reports/snakemake-report.zip

# two pytest-xdist workers, one test file each at a time (a file's fixtures are built once), in
# collection order (the end-to-end files early, not last as xdist's reorder by test count would);
# the session's smoke run is shared between them (tests/conftest.py). TEST_WORKERS=0: one process
TEST_WORKERS ?= 2
test: venv
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

lint: venv
	$(BIN)/ruff check src tests workflow
	$(BIN)/ruff format --check src tests workflow
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(SNAKEMAKE) --lint
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format src tests workflow
	$(BIN)/ruff check --fix src tests workflow
	$(BIN)/snakefmt Snakefile workflow/rules

# `make bench` measures speed (not a test); `make bench FULL=1` also times the full default study
bench: venv
	$(BIN)/python -m gendisc.bench $(if $(FULL),--full,) $(if $(MIRROR),--mirror $(abspath $(MIRROR)),)

clean:
	rm -rf results logs benchmarks .snakemake reports/*.html reports/*.zip reports/*.csv \
		reports/*.parquet reports/figures
