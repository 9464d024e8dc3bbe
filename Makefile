# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Both create .venv themselves and install only pinned, hashed dependencies.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
DB     ?= demo.duckdb

.PHONY: demo test install install-dev lint typecheck bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime: exactly the lock, then the package itself (no dependency resolution, no build isolation).
$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PIP) install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# The main job on the bundled samples: extract, store in DuckDB, show what is stored.
demo: $(VENV)/.runtime
	$(BIN)/backchannel ingest examples/ --db $(DB)
	$(BIN)/backchannel articles --db $(DB)
	$(BIN)/backchannel events --db $(DB)
	$(BIN)/backchannel timeline --between USA --between RUS --db $(DB)

test: $(VENV)/.dev
	$(BIN)/python -m pytest -n 2

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: $(VENV)/.dev
	$(BIN)/mypy

bench: $(VENV)/.dev
	$(BIN)/python bench/nlp_overhead.py
	$(BIN)/python bench/time.py
	$(BIN)/python bench/ingest_guards.py

# Regenerate the locks after editing requirements*.in (needs the network to PyPI).
lock: $(BIN)/python
	$(PIP) install --quiet uv==0.13.8
	$(BIN)/uv pip compile --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	  --generate-hashes --no-header -q requirements.in -o requirements.lock
	$(BIN)/uv pip compile --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	  --generate-hashes --no-header -q requirements.in requirements-dev.in -c requirements.lock \
	  -o requirements-dev.lock

clean:
	rm -rf $(VENV) $(DB) .pytest_cache build src/*.egg-info
