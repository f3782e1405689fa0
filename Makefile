# Walletdesk: `make run` to try it, `make test` to run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in notices and tracking mails point at the server make runs; an exported
# WALLETDESK_SITE_URL (a tunnel, another host) wins.
SITE_URL := $(or $(WALLETDESK_SITE_URL),http://127.0.0.1:$(PORT))
PIP := $(BIN)/python -m pip

.PHONY: run core test install install-dev lock migrate demo worker beat serve-prod lint format messages bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs follow the lock files (exact versions, hashes checked): make lock rewrites them
# from pyproject.toml's ranges; tests/test_lock.py fails when they no longer match.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.installed $@

# Resolve pyproject.toml's ranges afresh (uv, installed into the venv) into both lock files,
# for every platform and Python version pyproject allows.
LOCK_OPTIONS := --quiet --generate-hashes --universal --custom-compile-command "make lock"
lock: | $(BIN)/python
	$(PIP) install --quiet 'uv>=0.13,<0.14'
	$(BIN)/python -m uv pip compile pyproject.toml $(LOCK_OPTIONS) --output-file requirements.lock
	$(BIN)/python -m uv pip compile pyproject.toml $(LOCK_OPTIONS) --extra dev --output-file requirements-dev.lock

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

# Debug on unless set, as make run serves: the demo's notices are signed with its key.
demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} WALLETDESK_SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo

# Development server on SQLite with eager Celery; DJANGO_DEBUG=1 serves plain http.
run: demo
	DJANGO_DEBUG=1 WALLETDESK_SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The wallet-core simulator for the demo (beside make run): registers itself as
# the webhook endpoint for wallet actions and answers them after CORE_DELAY seconds.
CORE_PORT ?= 8001
CORE_DELAY ?= 3
core: install
	DJANGO_DEBUG=1 WALLETDESK_SITE_URL=$(SITE_URL) $(BIN)/python manage.py wallet_core_simulator --setup --port $(CORE_PORT) --delay $(CORE_DELAY)

# The whole suite. DATABASE_URL / CELERY_BROKER_URL switch to PostgreSQL / Redis.
test: install-dev
	$(BIN)/python -m pytest

# A Celery worker with the beat scheduler embedded (local use; run beat apart in production).
# Debug on unless DJANGO_DEBUG is set: it signs with make run's development key.
worker: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} WALLETDESK_SITE_URL=$(SITE_URL) $(BIN)/python -m celery -A config worker --beat --pool=solo --without-mingle --without-gossip --loglevel=INFO

# The beat scheduler alone, as production runs it: django-celery-beat's database schedule
# behind a Redis lock (config.beat), so a second beat stands by.
beat: install
	$(BIN)/python -m celery -A config --quiet beat --loglevel=INFO

# Production-like, locally: the Procfile (gunicorn, a worker per queue, beat) under honcho
# on PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL default to the local ones).
serve-prod: install
	bash deploy/serve-prod.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev
	$(BIN)/python manage.py makemessages -a --no-obsolete --add-location=file --ignore=.venv --ignore=staticfiles --ignore=test-artifacts --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Benchmarks against PostgreSQL and Redis on their default ports (each makes its own
# database); prints a table and writes JSON to bench/results/.
bench: install-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/notices.py
	$(BIN)/python bench/incidents.py
	$(BIN)/python bench/rollup_overhead.py
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python bench/faq_search.py

# Locust's mixed traffic (50 customers, 10 agents, 60 s) against the bench server,
# then a check that every ticket the customers filed is in the database.
load: install-dev
	$(PIP) install --quiet ".[load]"
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
