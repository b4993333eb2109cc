# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bench-import bench-value bench-pg bench-plan clean

$(BIN)/accountmgr: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/accountmgr
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/accountmgr
	$(BIN)/accountmgr

test: $(VENV)/.dev
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks.portfolio

bench-import: $(VENV)/.dev
	$(BIN)/python -m benchmarks.import_bench

bench-value: $(VENV)/.dev
	$(BIN)/python -m benchmarks.value_bench

bench-pg: $(VENV)/.dev
	$(BIN)/python -m benchmarks.pg

bench-plan: $(VENV)/.dev
	$(BIN)/python -m benchmarks.plan_bench

clean:
	rm -rf $(VENV) build *.egg-info
