# Runpath — the README's commands. Nothing here needs more than Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev run test lint format worker bench check-db clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(DEV_STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP) $@

## install: create .venv and install the pinned runtime dependencies
install: $(STAMP)

install-dev: $(DEV_STAMP)

## run: migrate an embedded SQLite database (or DATABASE_URL), seed the demo, serve :8000
run: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: the whole suite against PostgreSQL (DATABASE_URL, default the local server)
test: install-dev check-db
	$(BIN)/python -m pytest --numprocesses=auto $(PYTEST_ARGS)

check-db: install-dev
	@$(BIN)/python scripts/check_services.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## worker: a Celery worker with the beat schedule embedded (needs REDIS_URL)
worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run the worker."; exit 1; }
	$(BIN)/celery -A coaching worker --beat --loglevel=INFO

bench: install-dev check-db
	$(BIN)/python scripts/bench_reminders.py
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/bench_season.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
