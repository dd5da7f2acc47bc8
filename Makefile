# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers: one per core keeps the suite inside its time budget on 2 cores.
WORKERS ?= auto
PYTEST_ARGS ?=

.PHONY: run test lint format install install-test migrate demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/classroom migrate

demo: migrate
	$(BIN)/classroom demo --if-empty --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/classroom serve --host $(HOST) --port $(PORT)

## make run: install, migrate, seed demo data when the database is empty, serve on http://$(HOST):$(PORT)
## (`make run PORT=8080 HOST=0.0.0.0`; links follow the port unless CLASSROOM_BASE_URL is set)
run: demo serve

## make test: the whole suite on SQLite and on a throwaway PostgreSQL server, plus browser flows
test: install-test
	$(BIN)/python -m pytest -n $(WORKERS) -q $(PYTEST_ARGS)

## make lint: ruff (rules and formatting) and mypy (strict on core and the pure rule modules)
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-test
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
