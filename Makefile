# The README's commands. Everything installs into .venv from PyPI (and dclint from npm for
# the compose lint test); nothing else has to be on the machine but Python 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The slowest tests are listed at the end of each run: where the suite's time goes.
# One test process per core (each with its own PostgreSQL database and Temporal servers);
# a file's tests stay together so module fixtures are started once.
PYTEST_ARGS ?= -n auto --dist loadfile --durations=25

.PHONY: dev demo test lint format bench install clean node-tools chromium histories sdk-types

$(STAMP): pyproject.toml constraints.txt sdk/python/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %d.%d); set PYTHON=/path/to/python3.11" % sys.version_info[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[embedded,test]' -e sdk/python
	@touch $(STAMP)

install: $(STAMP)

dev: $(STAMP)
	$(BIN)/auditoryx dev

# With `make dev` running (in another terminal): a new organization holding the demo label,
# and a link to choose its owner's dashboard password.
demo: $(STAMP)
	$(BIN)/auditoryx demo

test: $(STAMP) node-tools chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# dclint (from the npm registry) lints docker-compose.yml in the test-suite; without npm the
# test that needs it is skipped with that reason. The TypeScript SDK's own tooling (tsc,
# openapi-typescript) comes from its committed lockfile, for its tests in tests/sdk.
node-tools:
	@if command -v npm >/dev/null 2>&1; then \
		test node_modules/.package-lock.json -nt package-lock.json || npm ci --silent --no-audit --no-fund; \
		test sdk/typescript/node_modules/.package-lock.json -nt sdk/typescript/package-lock.json || \
			(cd sdk/typescript && npm ci --silent --no-audit --no-fund); \
	fi

# Regenerate the TypeScript SDK's types (sdk/typescript/src/schema.d.ts) from the app's
# OpenAPI document, after a change to the API; tests/sdk fails until they are current.
sdk-types: $(STAMP) node-tools
	cd sdk/typescript && PYTHON=$(CURDIR)/$(BIN)/python npm run --silent generate

# The dashboard's browser tests drive Debian's chromium through playwright, which is never
# allowed to download a browser of its own. A clean machine (CI) gets chromium from apt here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

# The release's replay baseline (docs/adr/0025-worker-versioning-and-replay-gate.md): the
# workflow tests record a fresh history of every workflow's main paths into
# tests/workflows/histories/<version>/, and migrations/manifests/<version>.json records the
# tables and columns this release's models map. Earlier releases' folders are never written.
histories: $(STAMP)
	REGENERATE_HISTORIES=1 $(BIN)/python -m pytest tests/workflows $(PYTEST_ARGS)
	$(BIN)/python -m migrations.manifest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
