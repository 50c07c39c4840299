# The README's two set-up commands: `make report` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all
SNAKEMAKE := $(BIN)/snakemake

.PHONY: venv report test lint format bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

venv: $(BIN)/.installed

report: venv
	$(SNAKEMAKE) --cores $(CORES)

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check src tests workflow
	$(BIN)/ruff format --check src tests workflow
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(SNAKEMAKE) --lint

format: venv
	$(BIN)/ruff format src tests workflow
	$(BIN)/ruff check --fix src tests workflow
	$(BIN)/snakefmt Snakefile workflow/rules

clean:
	rm -rf results logs benchmarks .snakemake reports/*.html reports/figures
