# Everything a fresh machine needs: `make run` to serve the seeded site, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := debate.settings

.PHONY: run test check migrations-check lint seed serve clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

migrations-check: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

lint: $(STAMP)
	$(BIN)/ruff check debate tests bench

test: $(STAMP) migrations-check lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
