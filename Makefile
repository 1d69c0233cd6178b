# Convenience targets; each calls scripts/dev.sh, which needs only Python 3.11 and pip.
PERIOD ?= 2022-H1

.PHONY: setup reports test test-fast lab sample bench clean

setup:
	bash scripts/dev.sh setup

# Quick start, command 1: the reports for the bundled sample data.
reports:
	bash scripts/dev.sh reports $(PERIOD)

# Quick start, command 2: the tests (what CI runs), on two pytest-xdist workers.
test:
	bash scripts/dev.sh test

# The edit-test loop: the tests not marked slow (no notebook execution, browser or LibreOffice).
test-fast:
	bash scripts/dev.sh test-fast

# JupyterLab at the project root with the cchc kernel (start with notebooks/00_kham_pha.ipynb).
lab:
	bash scripts/dev.sh lab

sample: setup
	.venv/bin/cchc sample

bench:
	bash scripts/dev.sh bench

clean:
	rm -rf data/processed/cache-* reports/
