# Every target uses the virtual environment in .venv, built from pinned versions.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data
OUT ?= exports

.DEFAULT_GOAL := help
.PHONY: help install site serve validate export test lint bench clean browsers

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Build .venv from the pinned versions (idempotent)

site: $(STAMP) ## Validate the data, compute and build the site into site/
	$(PY) -m generator build --data $(DATA)

serve: site ## Build, then serve site/ on http://127.0.0.1:8000
	$(PY) -m http.server --directory site --bind 127.0.0.1 8000

validate: $(STAMP) ## Check the data of every year and list every problem
	$(PY) -m generator validate --data $(DATA)

export: $(STAMP) ## Write the results data package to $(OUT)/
	$(PY) -m generator export --data $(DATA) --out $(OUT)

lint: $(STAMP) ## Ruff
	$(PY) -m ruff check generator tests

test: $(STAMP) ## Lint and run every test (unit, build, browser)
	$(PY) -m ruff check generator tests
	$(PY) -m pytest -q

bench: $(STAMP) ## Measure the pipeline at municipal and region scale
	$(PY) -m generator bench

clean: ## Remove the built site, exports and caches (keeps .venv)
	rm -rf site exports build .pytest_cache .ruff_cache test-artifacts
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
