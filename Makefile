# Runpath — the README's commands. Nothing here needs more than Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
TEMPLATES = $(shell find templates -name '*.html')

.PHONY: install install-dev run test test-clock fuzz lint format worker bench check-db clean

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

## run: migrate an embedded SQLite database (or DATABASE_URL), seed the demo, serve :$(PORT)
# `make run PORT=8001` serves on another port; links in e-mails follow it unless SITE_URL is set.
PORT ?= 8000
run: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite against PostgreSQL (DATABASE_URL, default the local server), with a
## short, fixed schemathesis pass over every API operation (tests/api/test_fuzz.py)
test: install-dev check-db
	$(BIN)/python -m pytest --numprocesses=auto $(PYTEST_ARGS)

## test-clock: the whole suite once at each instant where dates go wrong (each day of next week,
## both clock changes in London and New York, 23:30 and 00:30 in London as a summer week turns,
## 29 February: `scripts/test_clock.py --list`); `make test-clock CLOCKS="mon london-0030"` runs some
test-clock: install-dev check-db
	$(BIN)/python scripts/test_clock.py $(CLOCKS) --pytest-args="$(PYTEST_ARGS)"

## fuzz: the long schemathesis run over every API operation, as a runner and as a coach: fresh
## random cases (FUZZ_EXAMPLES per operation and role) and every boundary of every parameter
## (the coverage phase); `make test` runs only a short fixed pass (see tests/api/fuzz.py)
fuzz: install-dev check-db
	FUZZ_RANDOM=1 FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest --numprocesses=auto \
		-m fuzz --hypothesis-show-statistics tests/api/test_fuzz.py $(PYTEST_ARGS)

check-db: install-dev
	@$(BIN)/python scripts/check_services.py

## lint: ruff, formatting, migrations in step with the models, mypy (settings in pyproject.toml), djade on templates,
## and no template line over 160 characters (scripts/check_template_lines.py)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/mypy
	$(BIN)/djade --check --target-version 5.2 $(TEMPLATES)
	$(BIN)/python scripts/check_template_lines.py

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/djade --target-version 5.2 $(TEMPLATES)
	$(BIN)/ruff check --fix .

## worker: a Celery worker with the beat schedule embedded (needs REDIS_URL)
worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run the worker."; exit 1; }
	$(BIN)/celery -A coaching worker --beat --loglevel=INFO

bench: install-dev check-db
	$(BIN)/python scripts/bench_reminders.py
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/bench_season.py
	$(BIN)/python scripts/bench_roster.py
	$(BIN)/python scripts/bench_strava.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
