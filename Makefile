# EcoPartnerships Portal. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Where `make static` builds what production serves (config.py's production default).
STATIC_BUILD_DIR ?= build/static
# The address `make run` is reached at: links in mails and feeds (config.py SERVED_AT).
SERVED_AT ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
export FLASK_APP := wsgi

.DEFAULT_GOAL := help
.PHONY: help setup run serve static worker test lint format translations db-upgrade seed fonts system-packages bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# USWDS: its JavaScript, fonts and images as released; its CSS built by USWDS's own Sass with
# only the components and utilities the portal uses (assets/uswds.scss).
USWDS := node_modules/@uswds/uswds
app/static/uswds/.built: node_modules/.installed assets/uswds.scss
	rm -rf app/static/uswds && mkdir -p app/static/uswds/js app/static/uswds/css
	cp -r $(USWDS)/dist/{img,fonts} app/static/uswds/
	rm -rf app/static/uswds/img/{material-icons,material-icons-deprecated,hero.jpg,hero.webp}  # unused: 8 MB
	find app/static/uswds/fonts -type f ! -name '*.woff2' -delete  # the CSS names only WOFF2
	cp $(USWDS)/dist/js/uswds.min.js $(USWDS)/dist/js/uswds-init.min.js app/static/uswds/js/
	node_modules/.bin/sass --load-path=$(USWDS)/packages --style=compressed --no-source-map \
	  --quiet-deps assets/uswds.scss app/static/uswds/css/uswds.min.css
	touch $@

static: app/static/uswds/.built $(BIN)/.installed ## Fingerprint and compress the static files for production (STATIC_BUILD_DIR)
	STATIC_BUILD_DIR=$(abspath $(STATIC_BUILD_DIR)) $(BIN)/flask build-static

app/translations/zh_Hans/LC_MESSAGES/messages.mo: app/translations/zh_Hans/LC_MESSAGES/messages.po $(BIN)/.installed
	$(BIN)/pybabel compile --statistics -d app/translations

fonts: ## Install a CJK font for Chinese in PDFs when none is present (Debian)
	@bash scripts/install-system-packages.sh fonts

system-packages: ## Install what is missing of a CJK font, chromium (browser tests) and poppler-utils (Debian)
	@bash scripts/install-system-packages.sh fonts chromium poppler

setup: $(BIN)/.installed app/static/uswds/.built app/translations/zh_Hans/LC_MESSAGES/messages.mo system-packages ## Install everything the portal needs

db-upgrade: setup ## Apply the database migrations
	$(BIN)/flask db upgrade

seed: db-upgrade ## Load the demo data (idempotent)
	$(BIN)/flask seed-demo

run: seed ## Set up, migrate, load demo data; serve on http://$(HOST):$(PORT) with a worker delivering mail
	PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) SERVED_AT=$(SERVED_AT) $(BIN)/honcho start --port $(PORT)

serve: static app/translations/zh_Hans/LC_MESSAGES/messages.mo ## Serve in production: gunicorn (gunicorn.conf.py), DATABASE_URL, SECRET_KEY; README "Deploying"
	PORTAL_CONFIG=production $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

worker: $(BIN)/.installed app/translations/zh_Hans/LC_MESSAGES/messages.mo ## Run a job runner worker in production (mail, reminders, digests); as many as you like against JOBS_REDIS_URL
	PORTAL_CONFIG=production $(BIN)/flask worker

test: setup ## Run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup ## Ruff lint and format check, mypy, the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

format: setup ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations: setup ## Extract messages, update the catalogs and compile them
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file -o app/translations/messages.pot .
	$(BIN)/pybabel update -N -i app/translations/messages.pot -d app/translations
	$(BIN)/pybabel compile --statistics -d app/translations

bench: setup ## Load 10,000 partnerships, serve with gunicorn, measure with wrk (BENCH_DB=sqlite|postgresql|both)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean: ## Remove the virtualenv, front-end packages and the development database
	rm -rf $(VENV) node_modules app/static/uswds build instance
