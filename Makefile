# The README's commands. `make run` sets up and runs the system; `make test` sets up and runs
# every check (ruff, mypy, pytest). Both start from nothing but Python 3.11.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run demo test test-slow fuzz lint migration-reset clean browser

$(BIN)/resettle: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/resettle

setup: $(BIN)/resettle node_modules/.package-lock.json

# GOV.UK and MoJ front-end assets for the web pages (served from node_modules at /assets).
# Without node/npm the pages still work, unstyled.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the web pages will be served without GOV.UK styles"; fi

# Headless Chromium for the browser tests (Debian packages; Playwright's own download cannot work).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "cannot install chromium (needs root and apt-get): browser tests will be skipped"; fi; }

# The main job on the embedded default: a synthetic region simulated for 26 weeks, then served.
demo: setup
	$(BIN)/resettle demo

run: setup
	$(BIN)/resettle init
	$(BIN)/resettle serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint browser
	$(BIN)/pytest -m "not slow" -n 2

# schemathesis over the whole OpenAPI document as an admin and as each scoped role: no 5xx.
# RESETTLE_FUZZ_EXAMPLES (default 5) examples per operation, mode and user: a few minutes.
fuzz: setup
	$(BIN)/pytest -m fuzz -p no:cacheprovider tests/fuzz

# Exit code 5 means "no test selected": fine while no slow test exists yet.
test-slow: setup
	$(BIN)/pytest -m slow || test $$? -eq 5

# Before the first release only: rebuild the initial migration (0001) from the tables. The
# hand-written revisions after it (backend-specific steps) are set aside meanwhile and kept.
VERSIONS := resettlement/storage/migrations/versions
migration-reset: setup
	rm -rf $(VERSIONS)/0001_initial_schema.py /tmp/resettle-migration.db /tmp/resettle-later-revisions
	mkdir /tmp/resettle-later-revisions && mv $(VERSIONS)/0*.py /tmp/resettle-later-revisions/
	$(BIN)/python -c "from alembic import command; from resettlement.storage.migrate import alembic_config; command.revision(alembic_config('sqlite:////tmp/resettle-migration.db'), message='initial schema', autogenerate=True, rev_id='0001')"
	mv /tmp/resettle-later-revisions/*.py $(VERSIONS)/ && rmdir /tmp/resettle-later-revisions
	$(BIN)/ruff check -q --fix $(VERSIONS)/
	$(BIN)/ruff format -q $(VERSIONS)/
	rm -f /tmp/resettle-migration.db

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
