# Everything a fresh machine needs: `make run` to serve the seeded site, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := debate.settings

.PHONY: run test test-slow check migrations-check lint seed serve bench clean browser-deps

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed
	DJANGO_DEBUG=1 DJANGO_LOG_FORMAT=text $(BIN)/python manage.py runserver 127.0.0.1:8000

migrations-check: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

lint: $(STAMP)
	$(BIN)/ruff check debate tests bench
	$(BIN)/ruff format --check debate tests bench

# Browser tests run wherever Chromium and `make browser-deps` are present, and skip (saying how
# to enable them) elsewhere; CI sets REQUIRE_BROWSER_TESTS=1, which turns a skip into a failure.
# Long fuzzing runs are marked slow: `make test-slow` runs them (and .ci/run does).
PYTEST_MARKERS ?= not slow
test: $(STAMP) migrations-check lint
	$(BIN)/python -m pytest -m "$(PYTEST_MARKERS)" $(PYTEST_ARGS)

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

# What the browser tests need besides Python packages: Debian's Chromium (Playwright's own
# browser download cannot be used here), and axe-core and the Nu HTML Checker from npm.
# --ignore-scripts: without a Java on the PATH, vnu-jar's install script downloads one; we use the system's.
browser-deps: $(STAMP)
	command -v chromium || (apt-get update && apt-get install -y chromium)
	npm install --no-audit --no-fund --ignore-scripts

# A production-like local run: DEBUG off, WhiteNoise serving compressed static files with hashed
# names, gunicorn with persistent database connections. It speaks plain HTTP on 127.0.0.1, so the
# HTTPS redirect, secure cookies and HSTS are switched off, and the secret key is a local one.
SERVE_ENV := DJANGO_SECRET_KEY=local-serve-only-not-for-deployment-6c1f0e2a9b DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0

serve: $(STAMP)
	@echo "make serve: production settings over plain HTTP (SSL redirect, secure cookies and HSTS off; local secret key)"
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py seed
	@echo "Serving http://127.0.0.1:8000/ with gunicorn (GUNICORN_WORKERS, GUNICORN_BIND to change)"
	$(SERVE_ENV) $(BIN)/gunicorn -c gunicorn.conf.py

# The benchmark (bench/run.py): gunicorn under wrk on SQLite, then PostgreSQL; `make bench DB=sqlite` for one.
DB ?= sqlite postgres
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	for db in $(DB); do $(BIN)/python bench/run.py --db $$db || exit 1; done

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
