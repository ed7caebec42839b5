# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Everything installs into .venv from the locked requirements; a stamp file per
# lock means a second run installs nothing and starts in seconds.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# `make run` is the local, embedded-database site: DEBUG on, SQLite unless
# DATABASE_URL says otherwise.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: editor regional manager run test test-quick api-check lint format check lock bench bench-search bench-scale profile lighthouse clean messages gettext screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	@rm -f $(VENV)/.dev-installed
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $(VENV)/.base-installed $@

# The Nu HTML checker (vnu.jar) for the HTML validity tests; needs npm and Java.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: HTML validity tests will be skipped"; fi

# The translations (locale/*/LC_MESSAGES/django.po) compiled to the .mo files Django reads;
# they are build output, never committed. compilemessages needs GNU gettext's msgfmt.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.base-installed
	@command -v msgfmt >/dev/null 2>&1 || $(MAKE) --no-print-directory gettext
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale $* --ignore .venv --ignore node_modules --verbosity 0

# GNU gettext, installed with the system's package manager where we may (CI, a fresh
# Debian or Ubuntu machine as root); elsewhere, a clear message saying what to install.
gettext:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null 2>&1 \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }; \
	else echo "msgfmt not found: install GNU gettext (apt-get install gettext, brew install gettext)" >&2; exit 1; fi

messages: $(MESSAGES)

run: $(VENV)/.base-installed $(MESSAGES)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed
	@echo
	@echo "  The site:  http://127.0.0.1:$(PORT)/   The admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "  A first editor account, in another terminal: make editor NAME=yourname"
	@echo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A staff account on the `make run` database, the password asked for at the terminal:
# make editor NAME=wang, make regional NAME=li REGION=440300, make manager NAME=zhao.
editor regional manager: $(VENV)/.base-installed
	@test -n "$(NAME)" || { echo "Give a name: make $@ NAME=yourname" >&2; exit 2; }
	@$(RUN_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(RUN_ENV) $(BIN)/python manage.py addstaff "$(NAME)" --role $@ $(if $(REGION),$(foreach code,$(REGION),--region $(code)))
	@echo "Sign in at http://127.0.0.1:$(PORT)/admin/ as $(NAME)."

# In parallel, one worker per CPU (pytest-xdist); test-quick leaves out the browser tests.
test: $(VENV)/.dev-installed node_modules/.installed $(MESSAGES)
	$(BIN)/pytest -n auto

test-quick: $(VENV)/.dev-installed node_modules/.installed $(MESSAGES)
	$(BIN)/pytest -n auto -m "not e2e"

# The law's open data against its OpenAPI description, with schemathesis (also run by CI).
api-check: $(VENV)/.dev-installed $(MESSAGES)
	bash .ci/api-check.sh

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Re-resolve the locks after changing pyproject.toml (needs network and uv).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt

# Phone screenshots of the guide, a city guide and the checklist (needs `make run` serving).
screenshots: $(VENV)/.dev-installed
	$(BIN)/python docs/screenshots.py http://127.0.0.1:$(PORT)

# The production stack under load, with wrk: every page in both languages, cached, built
# and cold, against a bare Django app served alike (needs PostgreSQL, Redis and wrk; about
# fifteen minutes).
bench: $(VENV)/.base-installed $(MESSAGES)
	$(BIN)/python bench/load.py

# Time per request in-process, the bare app beside the portal's pages (after `make bench`,
# whose database it reads): make profile, or make profile PAGES="/ /laws/" PROFILE=1.
profile: $(VENV)/.base-installed $(MESSAGES)
	$(BIN)/python bench/per_request.py $(PAGES)

# Lighthouse's four scores for five pages in both languages, on the production stack (needs
# PostgreSQL, Redis, npm ci and Chromium; about five minutes).
lighthouse: $(VENV)/.base-installed node_modules/.installed $(MESSAGES)
	$(BIN)/python bench/lighthouse.py

# Search latency on PostgreSQL with 1,000 generated guides (needs a running PostgreSQL;
# BENCH_DATABASE_URL names the database to create, default portal_bench on 127.0.0.1).
bench-search: $(VENV)/.base-installed $(MESSAGES)
	$(BIN)/python bench/search.py

# Page time, queries and search p95 at 10, 100, 1,000 and 10,000 generated guides, on
# PostgreSQL (needs PostgreSQL and Redis; about forty minutes, most of it making guides).
bench-scale: $(VENV)/.base-installed $(MESSAGES)
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache $(MESSAGES)
