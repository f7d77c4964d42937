# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

POT := i18n/milclicks.pot
PO := $(wildcard i18n/locale/*/LC_MESSAGES/milclicks.po)
MO := $(patsubst i18n/locale/%.po,bot/languages/compiled/%.mo,$(PO))

.PHONY: run play test check lint types lessons-check install bench clean \
	i18n-extract i18n-update i18n-compile i18n-check schemas

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "MIL CLICKS needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Compiled catalogs are build products: the install step makes them from the .po files,
# inside the engine package (bot/languages/compiled), so an installed wheel carries them.
bot/languages/compiled/%.mo: i18n/locale/%.po $(STAMP)
	@mkdir -p $(dir $@)
	@$(BIN)/pybabel -q compile -i $< -o $@

install: $(STAMP) $(MO)

i18n-extract: $(STAMP) ## collect interface strings into the template
	$(BIN)/pybabel extract -F i18n/babel.cfg -o $(POT) --project=milclicks --version=0.1 \
		--copyright-holder="MIL CLICKS contributors" --sort-by-file \
		--add-comments=TRANSLATORS: bot

i18n-update: i18n-extract ## merge new strings into every catalog
	$(BIN)/pybabel update -i $(POT) -d i18n/locale -D milclicks --width=99
	$(BIN)/python -m bot.languages.serbian_latin

i18n-compile: $(MO) ## compile every catalog

i18n-check: install ## placeholders, markup and limits in every catalog
	$(BIN)/python -m bot.languages.check

run: install ## run the bot (SQLite by default; token from the environment or .env; no token: the sandbox)
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

test: lint types lessons-check i18n-check ## lint, types, both content checks and the suite
	$(BIN)/pytest

check: test

schemas: install ## regenerate the JSON Schemas in schemas/ from the content models
	$(BIN)/python -c 'from pathlib import Path; from bot.bank.check.schema import write_schemas; write_schemas(Path("schemas"))'

bench: install ## speed and memory figures
	-$(BIN)/python bench/bank_load.py
	-$(BIN)/python bench/request_layers.py
	-$(BIN)/python bench/bot_throughput.py
	-$(BIN)/python bench/pictures.py
	-$(BIN)/python bench/sandbox.py
	-$(BIN)/python bench/mil_check.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
