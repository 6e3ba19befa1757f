# Klynge: `make run` starts the demo, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
PY := .venv/bin/python
KLYNGE := .venv/bin/klynge
UV := var/tools/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test lint typecheck messages test-sqlite test-postgres test-browser \
        bench-population bench-web bench-matching setup system-deps system-deps-test clean

help:
	@echo "make run               install, migrate, load reference and demo data, serve the demo"
	@echo "make test              the whole suite: lint, types, translations, SQLite, PostgreSQL, browser"
	@echo "make bench-population  benchmark the population engine (PERSONS=1000000, FULL=1 for 5.9 million,"
	@echo "                       PERSONS=27500000 for the four Nordic countries' size: DuckDB only)"
	@echo "make bench-web         benchmark the main pages on PostgreSQL at national scale (SCALE=small,"
	@echo "                       SAVE=1 saves the baseline, REFILL=1 fills the database afresh)"
	@echo "make bench-matching    benchmark volunteer matching: 10,000 referrals, 20,000 volunteers"

$(UV):
	python3.11 -m venv var/tools
	var/tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python python3.11
	touch $@

system-deps:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

setup: system-deps .venv/.installed
	$(KLYNGE) compilemessages --ignore=.venv --ignore=var -v 0
	$(KLYNGE) migrate --no-input -v 0
	$(KLYNGE) load_reference
	$(KLYNGE) load_demo
	$(KLYNGE) load_insights_demo

run: setup
	@echo
	@echo "Klynge runs at http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	@echo "Demo logins (password: $${KLYNGE_DEMO_PASSWORD:-klynge-demo}):"
	@echo "  sekretariat  secretariat of Horsensklyngen and, from 2027, Sundhedsråd Horsens *"
	@echo "  panel        member of Horsensklyngen's user panel"
	@echo "  medlem       member of Horsensklyngen's strategic level"
	@echo "  bergen       secretariat of the Bergen health community *"
	@echo "  analytiker   analyst of Horsensklyngen's population data *"
	@echo "  admin        platform administrator *"
	@echo "  koordinator  coordinator of Røde Kors Horsens' patient navigators *"
	@echo "  sygeplejerske  social nurse at Regionshospitalet Horsens, refers patients"
	@echo "  frivillig    volunteer patient navigator, matched with a patient"
	@echo "  * signs in with a second factor: get the code with  $(KLYNGE) demo_code USERNAME"
	@echo
	@trap 'kill 0' EXIT; \
	  $(KLYNGE) db_worker --queue-name default & \
	  $(KLYNGE) db_worker --queue-name engine & \
	  $(KLYNGE) tick --loop 60 & \
	  $(KLYNGE) runserver --noreload $(HOST):$(PORT)

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/lint-imports

typecheck: .venv/.installed
	.venv/bin/mypy klynge

# Extracts the strings afresh, so a string without a translation fails tests/i18n.
messages: system-deps .venv/.installed
	cd klynge && ../$(KLYNGE) makemessages --no-obsolete --no-location --ignore=population --ignore="*/tests/*" \
	  -l da -l nb -l nn -l en -v 0
	$(PY) scripts/fill-english.py klynge/locale/en/LC_MESSAGES/django.po
	PY=$(PY) bash scripts/population-messages.sh
	$(KLYNGE) compilemessages --ignore=.venv --ignore=var -v 0

test-sqlite: messages
	url="$$(bash scripts/postgres-test.sh)" && KLYNGE_TEST_POSTGRES_URL="$$url" \
	  $(PY) -m pytest -n 2 -m "not browser" -q -p no:cacheprovider

test-postgres: messages
	url="$$(bash scripts/postgres-test.sh)" && \
	  DATABASE_URL="$$url" $(PY) -m pytest -n 2 -m "not browser and not spark and not concurrency" -q \
	  -p no:cacheprovider klynge

test-browser: messages
	$(PY) -m pytest -m browser -q -p no:cacheprovider tests/browser

test: system-deps-test .venv/.installed lint typecheck test-sqlite test-postgres test-browser

bench-population: .venv/.installed
	url="$$(bash scripts/postgres-test.sh)" && KLYNGE_BENCH_POSTGRES_URL="$$url" \
	  $(PY) benchmarks/population.py --persons $${PERSONS:-1000000} $$( [ -n "$$FULL" ] && echo --full )

# Fills klynge_bench_national (and klynge_bench_small) once; docs/benchmarks.md.
bench-web: .venv/.installed
	$(PY) benchmarks/web/run.py --scale $${SCALE:-national} \
	  $$( [ -n "$$SAVE" ] && echo --save-baseline ) $$( [ -n "$$REFILL" ] && echo --refill )

# Candidates, min-cost flow, the HiGHS check and greedy; docs/volunteering.md.
bench-matching: .venv/.installed
	$(PY) benchmarks/matching.py

clean:
	rm -rf .venv var/tools var/static
