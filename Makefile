# Two commands for a new machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-fast setup static-files lint messages benchmark clean pdf-libraries chromium

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# The report card's PDF (WeasyPrint) needs Pango and a font from Debian: installed when missing and we may
# (root on Debian); otherwise the portal runs and its PDF link asks to print from the browser.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@missing=$$(for p in $(PDF_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else echo "For the report card's PDF, install: $$missing"; fi; \
	fi

# Database, register, frameworks, published demo figures, an admin account and the static files, all
# idempotent; the shipped data and the static files are skipped when unchanged, so a restart takes seconds.
setup: $(VENV)/.runtime pdf-libraries
	@echo "Migrating the database…"
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py load_shipped_data --if-changed
	@$(PY) manage.py ensure_admin
	@$(MAKE) --no-print-directory static-files

# collectstatic compresses every static file, the packages' too (minutes): done again only when what it
# reads changed, that is our static files, the pinned packages, the settings or the environment's say.
STATIC_ROOT ?= staticfiles
static-files: $(VENV)/.runtime
	@stamp=$$({ sha256sum requirements.txt spbe_portal/settings.py $$(find static -type f | sort); \
		echo "DEBUG=$$DEBUG STATICFILES_BACKEND=$$STATICFILES_BACKEND"; } | sha256sum); \
	if [ "$$(cat $(STATIC_ROOT)/.collected 2>/dev/null)" = "$$stamp" ]; then \
		echo "Static files unchanged since they were collected."; \
	else \
		echo "Collecting and compressing the static files (about a minute)…"; \
		$(PY) manage.py collectstatic --noinput --verbosity 0 && echo "$$stamp" > $(STATIC_ROOT)/.collected; \
	fi

run: setup
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Tests run on every core (pytest-xdist), each worker on its own test database (tests/conftest.py says how
# they are shared out); tests that share an expensive setup name one group and run on one worker.
PYTEST_PARALLEL ?= --numprocesses auto --dist loadgroup

test: $(VENV)/.dev pdf-libraries chromium
	$(PY) -m pytest $(PYTEST_PARALLEL)

# The edit-test loop: every test but the browser's and the deployment's.
test-fast: $(VENV)/.dev pdf-libraries
	$(PY) -m pytest $(PYTEST_PARALLEL) --ignore=tests/browser --ignore=tests/deploy

# Browser tests drive Debian's Chromium; install it when it is missing and we may (root on Debian).
chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
		{ echo "Chromium is needed for the browser tests: apt-get install --no-install-recommends chromium"; exit 1; }

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Refresh the translation catalogues after changing user-facing strings (needs gettext).
messages: $(VENV)/.dev
	$(PY) manage.py makemessages --locale id --locale en --ignore '.venv/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

$(VENV)/.bench: requirements-bench.txt requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $(VENV)/.runtime $(VENV)/.dev $@

# The import of the national results, then every page, download and API list over HTTP against its static
# floor on SQLite and PostgreSQL, and a 50-user load (about 35 minutes; BENCH_ARGS="--seconds 2
# --load-minutes 1" for a quick look). Needs Debian's wrk, postgresql, redis-server and chromium.
BENCH_PACKAGES := wrk postgresql redis-server chromium
benchmark: $(VENV)/.bench
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else echo "The benchmark needs: apt-get install $$missing"; exit 1; fi; fi
	$(PY) tests/benchmarks/bench_import.py
	$(PY) tests/benchmarks/bench_report.py
	$(PY) tests/benchmarks/bench_http.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
