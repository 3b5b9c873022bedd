# dyad: the two quick-start commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.duckdb

.PHONY: demo test lint bench eval clean

$(BIN)/dyad: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(BIN)/dyad

## demo: install, then code the sample articles into demo.duckdb and list the events
demo: $(BIN)/dyad
	$(BIN)/dyad ingest examples/ --db $(DB)
	$(BIN)/dyad events --db $(DB)

## test: install, then run the linter and the whole test suite (evaluation gate included)
test: $(BIN)/dyad
	$(BIN)/ruff check dyad tests benchmarks
	$(BIN)/pytest

## eval: the accuracy report on the development gold (needs ../shared)
eval: $(BIN)/dyad
	$(BIN)/python benchmarks/evaluate_dev.py
	$(BIN)/python benchmarks/evaluate_articles.py

## bench: articles per second and peak memory on ../shared/corpus (slow)
bench: $(BIN)/dyad
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache $(DB)
