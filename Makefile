# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run play test check lint types lessons-check install bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "MIL CLICKS needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install ## run the bot (SQLite by default; token from the environment or .env)
	@$(BIN)/milclicks run

play: install ## take the lessons in the terminal, no Telegram needed
	@$(BIN)/milclicks play

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy .

lessons-check: install
	$(BIN)/milclicks lessons check --strict --language en

test: lint types lessons-check ## lint, types, the bank check and the whole suite
	$(BIN)/pytest

check: test

bench: install ## speed and memory figures
	$(BIN)/python bench/bank_load.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
