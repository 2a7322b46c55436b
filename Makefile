# The two commands of the README: `make demo` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: the main job on the bundled example: validate (warnings are expected, errors are not), print the
## indicators, build the intranet site and serve it on http://127.0.0.1:8000 (Ctrl-C stops it)
demo: $(STAMP)
	$(BIN)/sopdoc validate
	$(BIN)/sopdoc kpi
	$(BIN)/sopdoc build
	$(BIN)/sopdoc serve

## test: lint, type-check and run the whole test suite
test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check sopdoc tests benchmarks
	$(BIN)/mypy

## bench: every benchmark figure at sizes S, M and L and their growth, written into benchmarks/RESULTS.md
## (slow: about 15 minutes, most of it the site builds at L; run it on a quiet machine)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
