# Every target uses the virtual environment in .venv, built from pinned versions.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data
OUT ?= exports

.DEFAULT_GOAL := help
.PHONY: help install site serve validate export test lint bench lighthouse clean browsers

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The package itself goes in editable and without dependencies (they are the
# pinned ones above): it registers the `monitoring-site` command and the
# `monitoring` MkDocs plugin that `mkdocs build` / `mkdocs serve` need.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) ## Build .venv from the pinned versions and install the package (idempotent)

site: $(STAMP) ## Validate the data, compute and build the site into site/
	$(PY) -m generator build --data $(DATA)

serve: $(STAMP) ## mkdocs serve on http://127.0.0.1:8000: rebuilds when data/ or docs/ change
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

validate: $(STAMP) ## Check the data of every year and list every problem
	$(PY) -m generator validate --data $(DATA)

export: $(STAMP) ## Write the results data package to $(OUT)/
	$(PY) -m generator export --data $(DATA) --out $(OUT)

lint: $(STAMP) ## Ruff
	$(PY) -m ruff check generator tools tests

test: $(STAMP) ## Lint and run every test (unit, build, browser)
	$(PY) -m ruff check generator tools tests
	$(PY) -m ruff format --check generator tools tests
	$(PY) -m pytest -q -n 2 --dist loadfile

bench: $(STAMP) ## Measure the pipeline at municipal and region scale (tools/bench.py)
	$(PY) -m tools.bench

lighthouse: site ## Lighthouse (mobile) on home, a year, an organization and the list, served with gzip (tools/lighthouse.py)
	$(PY) -m tools.lighthouse

clean: ## Remove the built site, exports and caches (keeps .venv)
	rm -rf site exports build *.egg-info .pytest_cache .ruff_cache test-artifacts
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
