# news-warehouse: `make run` loads seeds/ into warehouse/news.duckdb; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DAGSTER_HOME_DIR := $(CURDIR)/.dagster_home
CHECKED := pipelines tests scripts

.PHONY: setup run test lint typecheck unit dev clean bench-quality bench-speed bench-scale

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==26.3"
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

setup: $(STAMP)

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP) constraints-bench.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -c constraints-bench.txt -e '.[dev,bench]'
	touch $@

# Extraction accuracy on ../shared/benchmarks beside trafilatura (skips where ../shared is absent).
bench-quality: $(BENCH_STAMP)
	$(BIN)/python scripts/bench_quality.py

# Throughput: extraction rate, load of 10k and 100k synthetic pages, +1k, no-op, search latency.
bench-speed: $(BENCH_STAMP)
	$(BIN)/python scripts/bench_speed.py

# The DuckLake backend (PostgreSQL catalog, Dask 1 and 2 workers) beside the embedded file:
# N pages (default 100k; PAGES=2000 for a quick run) and the +1k increment at N and 3N articles.
PAGES ?= 100000
bench-scale: $(STAMP)
	$(BIN)/python scripts/bench_scale.py --pages $(PAGES)

$(DAGSTER_HOME_DIR)/dagster.yaml: ops/dagster.yaml
	mkdir -p $(DAGSTER_HOME_DIR)
	cp ops/dagster.yaml $@

run: setup $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/newswh load

lint: setup
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest tests/unit tests/golden -q

test: lint typecheck
	$(BIN)/pytest

dev: setup $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m pipelines.definitions

clean:
	rm -rf $(VENV) $(DAGSTER_HOME_DIR) warehouse/*.duckdb warehouse/*.wal .pytest_cache .mypy_cache .ruff_cache
