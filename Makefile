# The two commands of the README, and what CI calls.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= true

.PHONY: run test install install-test chromium lint migrations-check ci messages bench backup-check clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installed once per change of pyproject.toml: the stamps say what is already there.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_programs
	$(BIN)/python manage.py ensure_periods
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium: installed here when it is missing and we may (root).
# Without it they are skipped with a warning, except under CI=true, where that fails the run.
chromium:
	@browser="$${CHROMIUM_PATH:-/usr/bin/chromium}"; \
	if [ ! -x "$$browser" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== installing Debian's chromium for the browser tests"; \
		export DEBIAN_FRONTEND=noninteractive; \
		{ apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "== could not install chromium"; \
	fi

test: install-test chromium
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

messages:
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bench

# pg_dump the DATABASE_URL database, pg_restore it into a fresh one, compare every table (PostgreSQL).
backup-check: install
	$(BIN)/python manage.py backup_check

ci: test lint migrations-check

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
