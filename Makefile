# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run demo test lint bench bench-import bench-value bench-pg bench-plan bench-review bench-find clean

$(BIN)/accountmgr: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# The dev extras in one install (not the app, then the app again with them): one editable build instead of two.
$(VENV)/.dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/accountmgr $@

run: $(BIN)/accountmgr
	$(BIN)/accountmgr

# The README's first step: the demo portfolio, then the app on it (again: the demo says it is there, the app opens).
demo: $(BIN)/accountmgr
	$(BIN)/accountmgr demo; $(BIN)/accountmgr

test: $(VENV)/.dev
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2 --dist worksteal

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

bench-review: $(VENV)/.dev
	$(BIN)/python -m benchmarks.review_latency

bench-find: $(VENV)/.dev
	$(BIN)/python -m benchmarks.find_bench

clean:
	rm -rf $(VENV) build *.egg-info
