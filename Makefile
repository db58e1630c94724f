# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint typecheck pytest test-db test-later test-dst bench load fuzz lock clean guard-model

run: $(VENV)/.app
	$(BIN)/rapport serve --host $(HOST) --port $(PORT)

# The dev tools: Python's in the venv, and axe-core (npm, pinned in package-lock.json) for
# the browser tests' accessibility check.
DEV := $(VENV)/.dev node_modules/.installed

test: $(DEV) lint typecheck pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check rapport tests bench
	$(BIN)/ruff format --check rapport tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(DEV)
	$(BIN)/pytest $(PYTEST_ARGS)

# The tests that touch the database, e.g. again on PostgreSQL:
#   DATABASE_URL=postgresql://rapport:rapport@127.0.0.1/rapport make test-db
test-db: $(DEV)
	$(BIN)/pytest tests/apps tests/cli $(PYTEST_ARGS)

# The suite on a clock moved by Debian's faketime (apt-get install faketime), a few
# hours before a daylight-saving change in the test user's zone: for test-later (which CI
# runs), the first change at least 400 days ahead, so more than a year away too; for
# test-dst, the next one.
FAKETIME := TZ=UTC faketime -f
test-later: $(DEV)
	$(FAKETIME) "@$$($(BIN)/python tests/next_dst_change.py America/New_York 400)" $(BIN)/pytest $(PYTEST_ARGS)

test-dst: $(DEV)
	$(FAKETIME) "@$$($(BIN)/python tests/next_dst_change.py America/New_York)" $(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/exports.py
	$(BIN)/python bench/background.py
	$(BIN)/python bench/guard.py

# Rebuild the guard's model (rapport/data/guard/model.json.gz) from its corpus, with the
# thresholds chosen by cross-validation; the same corpus gives the same file. `--test` scores
# the held-out split too (docs/guard.md).
guard-model: $(VENV)/.dev
	$(BIN)/python bench/guard_model.py

# 50 concurrent students for a minute against gunicorn (add DATABASE_URL=… for PostgreSQL).
load: $(VENV)/.dev
	$(BIN)/python bench/load.py

# Two minutes of atheris on the import parsers, seeded with the test files.
fuzz: $(VENV)/.dev
	$(BIN)/python -m pip install --quiet -r requirements/fuzz.txt
	mkdir -p .fuzz-corpus && cp tests/data/*.csv tests/data/*.vcf .fuzz-corpus/
	$(BIN)/python bench/fuzz_import.py -max_total_time=120 -max_len=4096 -artifact_prefix=.fuzz- .fuzz-corpus/

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: requirements/app.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/app.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.app
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Re-pin the dependencies after changing pyproject.toml.
lock: | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/app.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
