# The two commands of the README, and what CI calls.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= true

.PHONY: run test install install-test lint migrations-check ci messages bench backup-check clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_programs
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-test
	@command -v chromium >/dev/null || echo "Cảnh báo / warning: /usr/bin/chromium không có; browser tests will fail (apt-get install chromium)."
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage DJANGO_ALLOW_ASYNC_UNSAFE=true CONN_MAX_AGE=0 \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

messages:
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python manage.py bench

# pg_dump the DATABASE_URL database, pg_restore it into a fresh one, compare every table (PostgreSQL).
backup-check: install
	$(BIN)/python manage.py backup_check

ci: test lint migrations-check

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
