# Every target uses the virtual environment in .venv, built from pinned versions.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The console script of the package (= python -m generator), as staff type it.
SITE := $(VENV)/bin/monitoring-site
STAMP := $(VENV)/.installed
DATA ?= data
OUT ?= exports
# make validate REPORT=FILE also writes the report as Markdown (the CI comment)
REPORT ?=

.DEFAULT_GOAL := help
.PHONY: help install site serve validate export report letters new-year diff schemas template import test lint bench lighthouse examples clean browsers

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
	$(SITE) build --data $(DATA)

serve: $(STAMP) ## mkdocs serve on http://127.0.0.1:8000: rebuilds when data/ or docs/ change
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

validate: $(STAMP) ## Check the data of every year and list every problem
	$(SITE) validate --data $(DATA)$(if $(REPORT), --report $(REPORT))

export: $(STAMP) ## Write the results data package to $(OUT)/
	$(SITE) export --data $(DATA) --out $(OUT)

# The documents (generator/documents/): OUT here is a folder, by default documents-YEAR/.
DOCS_OUT = $(if $(filter command line environment,$(origin OUT)),$(OUT),documents-$(YEAR))

report: $(STAMP) ## The year's report, DOCX and PDF: make report YEAR=2025 [OUT=folder]
	@test -n "$(YEAR)" || { echo "Укажите год: make report YEAR=2025" >&2; exit 2; }
	$(SITE) report $(YEAR) --data $(DATA) --out "$(DOCS_OUT)"

letters: $(STAMP) ## A letter to every head, DOCX and PDF, and one ZIP: make letters YEAR=2025 [OUT=folder]
	@test -n "$(YEAR)" || { echo "Укажите год: make letters YEAR=2025" >&2; exit 2; }
	$(SITE) letters $(YEAR) --data $(DATA) --out "$(DOCS_OUT)"

new-year: $(STAMP) ## Start data/YEAR/ from the year before, as a draft: make new-year YEAR=2026
	@test -n "$(YEAR)" || { echo "Укажите год: make new-year YEAR=2026" >&2; exit 2; }
	$(SITE) new-year $(YEAR) --data $(DATA)

diff: $(STAMP) ## What the data changes against a git revision: make diff BASE=origin/main
	@test -n "$(BASE)" || { echo "Укажите базовую версию: make diff BASE=origin/main" >&2; exit 2; }
	$(SITE) diff $(BASE) --data $(DATA)

schemas: $(STAMP) ## Write the Table Schema copies and references into every year's package
	$(SITE) schemas --data $(DATA)

# Workbooks for data entry (generator/workbook/). OUT here is the workbook (or, with
# PER_ORG=1, the folder of one workbook per organization); by default data-entry-YEAR.xlsx.
TEMPLATE_OUT = $(if $(filter command line environment,$(origin OUT)),$(OUT),data-entry-$(YEAR)$(if $(PER_ORG),,.xlsx))

template: $(STAMP) ## Workbook to fill in: make template YEAR=2026 [OUT=file.xlsx] [PER_ORG=1]
	@test -n "$(YEAR)" || { echo "Укажите год: make template YEAR=2026"; exit 1; }
	$(SITE) template $(YEAR) --data $(DATA) --out "$(TEMPLATE_OUT)" $(if $(PER_ORG),--per-organization)

import: $(STAMP) ## Load filled workbooks: make import FILES="a.xlsx b.ods" YEAR=2026
	@test -n "$(YEAR)" -a -n "$(FILES)" || { echo "Укажите книги и год: make import FILES=\"книга.xlsx\" YEAR=2026"; exit 1; }
	$(SITE) import $(FILES) --year $(YEAR) --data $(DATA)

EXAMPLES := $(sort $(wildcard examples/*/data))

examples: $(STAMP) ## Validate, export and build each seed system in examples/ (into build/examples/NAME)
	@for d in $(EXAMPLES); do name=$$(basename $$(dirname $$d)); \
	  echo "== $$name"; \
	  $(SITE) validate --data $$d && \
	  $(SITE) export --data $$d --out build/examples/$$name/exports && \
	  $(SITE) build --data $$d --site build/examples/$$name/site || exit 1; \
	done

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
