# One entry point for people and CI. Every target uses the project venv.
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
PERIOD ?= 2022-H1

.PHONY: setup reports test lab sample bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Install the exact pins, the package (editable) and the `cchc` Jupyter kernel.
setup: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name cchc --display-name "Python (cchc)" >/dev/null
	@echo "setup done: $(VENV) with kernel 'cchc'"

# Quick start, command 1: the reports for the bundled sample data.
reports: setup
	$(BIN)/cchc run --period $(PERIOD)

# Quick start, command 2: the tests.
test: setup
	$(BIN)/python -m pytest

lab: setup
	$(BIN)/jupyter lab notebooks/

sample: setup
	$(BIN)/cchc sample

bench: setup
	$(BIN)/python bench/bench_indicators.py

clean:
	rm -rf data/processed/*.parquet data/processed/*.json reports/
