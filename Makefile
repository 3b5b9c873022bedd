# dyad: the two quick-start commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.duckdb
# The versions the suite was run with; ranges for library users stay in pyproject.toml.
LOCK   ?= requirements/lock.txt

.PHONY: demo test lint bench eval train corpus lock wheel-smoke clean actors-data actors-report

# pip is left as the venv made it (no --upgrade): users install with Python's stock pip, so the
# tests see what they see (a newer pip once hid an undeclared dependency, issue 10).
$(BIN)/dyad: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test,actors-data,postgres,api,charts,cluster]'
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
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[train]'
	$(BIN)/python -m dyad.training

## corpus: rebuild corpus/ from the annotators' files (RAW=folder of <annotator>/<batch>.jsonl)
corpus: $(BIN)/dyad
	$(BIN)/python -m dyad.corpus.build --raw $(RAW)

## actors-data: rebuild the office-holder knowledge base dyad/actors/kb/data/kb.tsv.gz (needs ../shared/reference)
actors-data: $(BIN)/dyad
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[actors-data]'
	$(BIN)/python -m dyad.actors.kb.build

## actors-report: per region and office kind, the state-years 1990-2025 the knowledge base covers
actors-report: $(BIN)/dyad
	$(BIN)/python -m dyad.actors.kb.report

## bench: stories per second and peak memory on ../shared/corpus, beside the spaCy baseline (slow)
bench: $(BIN)/dyad
	$(BIN)/dyad bench --workers 1
	$(BIN)/dyad bench --workers 2

## wheel-smoke: build the wheel and sdist, install the wheel in a fresh stock venv, run tests/smoke from outside the tree
wheel-smoke: $(BIN)/dyad
	LOCK=$(LOCK) PYTHON=$(PYTHON) BUILD_PYTHON=$(BIN)/python bash tests/smoke/wheel_smoke.sh

## lock: re-pin requirements/lock.txt from a fresh venv with the newest versions pyproject.toml allows
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[test,train,actors-data,postgres,api,charts,cluster]'
	{ echo "# Versions the test suite runs with: pip install -c $(LOCK) ... (written by make lock;"; \
	  echo "# ranges for library users stay in pyproject.toml; pip itself stays as python3 -m venv made it)."; \
	  .lock-venv/bin/pip freeze --all --exclude-editable | grep -Eiv '^(dyad-events|pip)( @ |==)'; } > $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache $(DB) build dist
