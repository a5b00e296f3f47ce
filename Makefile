# Two commands on a fresh machine: `make validate` (becomes `make publish`) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: help install install-test validate publish serve test lint format ckan-up ckan-down ckan-status clean

help:
	@echo "make publish   - set up .venv, validate, build the release and publish the portal to site/"
	@echo "make serve     - serve site/ on http://127.0.0.1:8000/"
	@echo "make validate  - set up .venv and validate the repository's data"
	@echo "make test      - install test dependencies, start the test services, run the whole suite, stop them"
	@echo "make lint      - ruff and mypy"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

validate: install
	$(BIN)/oppnadata validate

# validate (the verdict), then build the release and write the static portal; publish prints where it is.
publish: install
	$(BIN)/oppnadata validate
	$(BIN)/oppnadata publish

serve: install
	$(BIN)/oppnadata serve

test: install-test
	scripts/run-tests

lint: install-test
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

ckan-up:
	scripts/ckan-test-server up

ckan-down:
	scripts/ckan-test-server down

ckan-status:
	scripts/ckan-test-server status

clean:
	rm -rf dist site test-output .pytest_cache .mypy_cache .ruff_cache
