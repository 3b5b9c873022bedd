# dyad: the two quick-start commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.duckdb

.PHONY: demo test lint bench eval train corpus clean

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

## eval: the accuracy report on the development gold and on the corpus's train, dev and test splits, each apart (needs ../shared)
eval: $(BIN)/dyad
	$(BIN)/python benchmarks/evaluate_dev.py
	$(BIN)/python benchmarks/evaluate_articles.py
	$(BIN)/python -m dyad.corpus.evaluate

## train: rebuild the trained coder from corpus/ (train split; thresholds on dev; needs ../shared and the train extra)
train: $(BIN)/dyad
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m dyad.training

## corpus: rebuild corpus/ from the annotators' files (RAW=folder of <annotator>/<batch>.jsonl)
corpus: $(BIN)/dyad
	$(BIN)/python -m dyad.corpus.build --raw $(RAW)

## bench: articles per second and peak memory on ../shared/corpus (slow)
bench: $(BIN)/dyad
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache $(DB)
