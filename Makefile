# regionhealth: `make reports` sets everything up and runs the main job; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL_STAMP := $(VENV)/.kernel
STORE := data/curated/regionhealth.duckdb
APT_GET := $(shell command -v apt-get)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Scratch venv with the newest DuckDB CLI and the oldest DuckDB the store supports (client tests).
CLIENTS ?= $(or $(REGIONHEALTH_CLIENTS),$(HOME)/.cache/regionhealth/duckdb-clients)
MIN_DUCKDB := $(shell sed -n 's/^MIN_DUCKDB_VERSION = "\(.*\)"/\1/p' lib/regionhealth/store/sql.py)

.DEFAULT_GOAL := help
.PHONY: help setup fonts kernel browser duckdb-clients r data reports test test-unit lab docs bench lint clean

help: ## Print this help
	@echo "regionhealth — make targets:"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[notebooks,dev]'
	touch $@

$(KERNEL_STAMP): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name regionhealth --display-name "Python (regionhealth)" >/dev/null
	touch $@

fonts: ## Install a CJK font (Debian fonts-noto-cjk) so charts render Chinese labels
	@if fc-list :lang=zh 2>/dev/null | grep -q .; then echo "CJK font present"; \
	elif [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null && fc-cache -f >/dev/null; \
	else echo "warning: no CJK font and no apt-get; Chinese labels in PNG/SVG charts may render as boxes" >&2; fi

browser: ## Install headless Chromium (Debian chromium) for the report screenshot tests
	@if command -v chromium >/dev/null; then echo "chromium present"; \
	elif [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	else echo "warning: no chromium and no apt-get; browser tests will fail" >&2; fi

duckdb-clients: ## Newest DuckDB CLI and the oldest DuckDB the store supports, in a cached scratch venv (tests)
	@# The cache is refreshed weekly, so "newest" stays the newest on PyPI; a failed refresh keeps the cached CLI.
	@if [ -x "$(CLIENTS)/bin/duckdb" ] && [ -n "$$(find "$(CLIENTS)/.duckdb-$(MIN_DUCKDB)" -mtime -7 2>/dev/null)" ]; then \
	  echo "DuckDB clients present in $(CLIENTS): CLI $$("$(CLIENTS)/bin/duckdb" --version | cut -d' ' -f1), DuckDB $(MIN_DUCKDB)"; \
	else { [ -x "$(CLIENTS)/bin/pip" ] || $(PYTHON) -m venv "$(CLIENTS)"; } \
	  && { "$(CLIENTS)/bin/pip" install --quiet --upgrade duckdb-cli "duckdb==$(MIN_DUCKDB)" \
	       && touch "$(CLIENTS)/.duckdb-$(MIN_DUCKDB)" \
	       || { [ -x "$(CLIENTS)/bin/duckdb" ] && "$(CLIENTS)/bin/python" -c 'import duckdb' \
	            && echo "warning: could not refresh the DuckDB clients; using the cached ones" >&2; }; }; fi

r: ## Install R with readr and jsonlite (Debian packages) for the README's R example and its test
	@if Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1; then echo "R present"; \
	elif [ -n "$(APT_GET)" ]; then $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-base-core r-cran-readr r-cran-jsonlite >/dev/null; \
	else echo "warning: no R and no apt-get; the R example test will fail" >&2; fi

setup: $(STAMP) $(KERNEL_STAMP) fonts ## Create .venv, install the package, kernel and fonts

kernel: $(KERNEL_STAMP) ## Register the Jupyter kernel "regionhealth"

data: setup ## Build the DuckDB store data/curated/regionhealth.duckdb (+ Parquet/CSV exports)
	$(BIN)/regionhealth build

reports: setup ## Main job: build the store if its inputs changed, then run every report
	$(BIN)/regionhealth build
	$(BIN)/regionhealth reports

test: setup browser duckdb-clients r ## Run the whole test suite (~6.5 min on 2 cores)
	$(BIN)/python -m pytest -q

test-unit: setup ## Run the unit tests only (~40 s on 2 cores)
	$(BIN)/python -m pytest -q tests/unit

lab: setup ## Start JupyterLab with the regionhealth kernel
	$(BIN)/jupyter lab notebooks/

docs: setup ## Regenerate docs/data-dictionary.md and queries/checks/foreign_keys.sql from the schema
	$(BIN)/regionhealth dictionary > docs/data-dictionary.md
	$(BIN)/python -c 'from regionhealth.store.sql import foreign_key_check; print(foreign_key_check(), end="")' > queries/checks/foreign_keys.sql

bench: setup ## Run the benchmarks and write docs/benchmarks.md
	$(BIN)/python -m benchmarks

lint: setup ## Lint and check formatting with ruff
	$(BIN)/ruff check lib tests
	$(BIN)/ruff format --check lib tests

clean: ## Remove the store, exports and reports (keeps .venv)
	rm -rf data/curated/*.duckdb data/curated/export data/curated/.export.* reports
