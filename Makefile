# news-warehouse: `make run` loads seeds/ into warehouse/news.duckdb; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DAGSTER_HOME_DIR := $(CURDIR)/.dagster_home
CHECKED := pipelines tests scripts
HOST ?= 127.0.0.1
PORT ?= 3000


# The Pythons we support; keep in step with requires-python in pyproject.toml (a test checks).
PY_SUPPORTED := 3.11 3.12 3.13

# .venv is built by one interpreter, and its stamp (written last, after every install) records
# which: "CPython 3.13.0". `PYTHON=python3.13 make ...` rebuilds .venv from scratch when its
# Python is another one. Without PYTHON, a complete .venv is kept whatever its Python, and a
# half-built one (no stamp, or a stamp of another Python) is rebuilt with python3.
PY_ID := import platform; print(platform.python_implementation(), platform.python_version())
VENV_PY := $(shell $(BIN)/python -c '$(PY_ID)' 2>/dev/null)
STAMP_PY := $(shell cat $(STAMP) 2>/dev/null)
ifeq ($(origin PYTHON),undefined)
  PYTHON := python3
  ifneq ($(VENV_PY),)
    ifeq ($(STAMP_PY),$(VENV_PY))
      WANT_PY := $(VENV_PY)
    endif
  endif
endif
ifndef WANT_PY
  WANT_PY := $(shell $(PYTHON) -c '$(PY_ID)' 2>/dev/null)
endif
# "CPython 3.13.0" -> "3.13"
space := $() $()
WANT_MINOR := $(subst $(space),.,$(wordlist 1,2,$(subst ., ,$(word 2,$(WANT_PY)))))

# Rerun the install when the stamp is not the Python wanted (besides pyproject/constraints
# changes); wipe .venv first when the Python in it is not that one.
ifneq ($(STAMP_PY),$(WANT_PY))
  STAMP_FORCE := FORCE
endif
ifneq ($(VENV_PY),$(WANT_PY))
  VENV_WIPE := 1
endif

.PHONY: setup run test lint typecheck unit dev dev-port clean bench-quality bench-speed chaos FORCE

# setup.py builds pipelines/parse/_fastcss (C): a change to it reinstalls, which rebuilds it.
$(STAMP): pyproject.toml constraints.txt setup.py pipelines/parse/_fastcss.pyx pipelines/parse/_lexbor_layout.h $(STAMP_FORCE)
ifeq ($(WANT_PY),)
	@echo "make: cannot run PYTHON=$(PYTHON); name an installed Python ($(PY_SUPPORTED)), e.g. PYTHON=python3.12" >&2; exit 1
endif
ifeq ($(filter $(WANT_MINOR),$(PY_SUPPORTED)),)
	@echo "make: PYTHON=$(PYTHON) is $(WANT_PY); news-warehouse runs on Python $(PY_SUPPORTED)" >&2; exit 1
endif
ifdef VENV_WIPE
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
endif
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==26.3"
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	$(COMPILE)
	$(BIN)/python -c '$(PY_ID)' > $@.tmp && mv $@.tmp $@
	@echo "$(VENV) ready: $$(cat $@)"

setup: $(STAMP)

# An editable install leaves pipelines/ uncompiled, as pip's wheels are not: compile it, so a
# process does not compile every module again where PYTHONDONTWRITEBYTECODE is set (a .pyc
# older than its source is ignored, so this is only ever a saving).
COMPILE = $(BIN)/python -m compileall -q pipelines

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP) constraints-bench.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -c constraints-bench.txt -e '.[dev,bench]'
	touch $@

# Extraction accuracy on the four sets of ../shared/benchmarks beside trafilatura and htmldate
# (skips where ../shared is absent).
bench-quality: $(BENCH_STAMP)
	$(BIN)/python scripts/bench_quality.py

# Throughput: extraction rate, load of 10k and 100k synthetic pages, +1k, no-op, search latency.
bench-speed: $(BENCH_STAMP)
	$(COMPILE)
	$(BIN)/python scripts/bench_speed.py

# Randomized faults for a few minutes (kills, concurrent writers, bad files, files changed
# mid-load); prints one table. Not part of `make test`. CHAOS_SECONDS, CHAOS_SEED to change.
chaos: setup
	$(BIN)/python scripts/chaos.py --seconds $${CHAOS_SECONDS:-240} --seed $${CHAOS_SEED:-1}

# The DuckLake backend (PostgreSQL catalog, Dask 1 and 2 workers) beside the embedded file:
# N pages (default 100k; PAGES=2000 for a quick run) and the +1k increment at N and 3N articles.
# WORK=DIR keeps the warehouses and figures there and resumes (the 3N warehouses built once);
# ONLY=embedded,lake2 runs some backends.
PAGES ?= 100000
bench-scale: $(STAMP)
	$(BIN)/python scripts/bench_scale.py --pages $(PAGES) $(if $(WORK),--work $(WORK)) $(if $(ONLY),--only $(ONLY))

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

# Webserver and daemon on http://$(HOST):$(PORT). A busy port is said in one line before anything
# starts (setup included); scripts/dagster_dev.py runs `dagster dev` in its own process group and
# stops the whole group when the webserver dies, so no daemon is left launching runs.
dev-port:
	@$(PYTHON) scripts/dagster_dev.py --check-only --host '$(HOST)' --port '$(PORT)'

dev: dev-port setup $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/python scripts/dagster_dev.py --host '$(HOST)' --port '$(PORT)' -m pipelines.definitions

clean:
	rm -rf $(VENV) $(DAGSTER_HOME_DIR) warehouse/*.duckdb warehouse/*.wal .pytest_cache .mypy_cache .ruff_cache
