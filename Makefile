# Two commands from a fresh clone: `make play` and `make test`. Needs python3 (3.11+) and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test bench lint schema clean fuzz i18n

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "salesim needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

play: $(STAMP)
	$(BIN)/salesim play

test: $(STAMP)
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest -rs

bench: $(STAMP)
	$(BIN)/python -m bench
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m bench.scale
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m bench.classroom_load

# Hostile inputs, 10,000 per target (loader, expressions, run files, store): docs/security.md.
fuzz: $(STAMP)
	$(BIN)/python -m fuzz --inputs $(or $(FUZZ_INPUTS),10000)

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/ruff check sim tests bench fuzz
	$(BIN)/ruff format --check sim tests bench fuzz
	$(BIN)/lint-imports
	$(BIN)/mypy --strict sim

schema: $(STAMP)
	$(BIN)/salesim schema > schema/scenario.schema.json

# Gettext catalogues (docs/development.md, "Translations"): extract every wrapped string into
# sim/locale/messages.pot, then merge it into each language's messages.po. The keywords must
# match KEYWORDS in tests/test_i18n_catalogue.py.
I18N_KEYWORDS := -k tr -k ntr:1,2 -k Phrase
I18N_LANGS := en zh_CN
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(I18N_KEYWORDS) --add-location=file --sort-output \
		--no-wrap -c TRANSLATORS: --project=salesim -o sim/locale/messages.pot .
	for l in $(I18N_LANGS); do test -f sim/locale/$$l/LC_MESSAGES/messages.po || \
		$(BIN)/pybabel init -i sim/locale/messages.pot -d sim/locale -D messages -l $$l --no-wrap; done
	$(BIN)/pybabel update -i sim/locale/messages.pot -d sim/locale -D messages \
		--no-fuzzy-matching --no-wrap --ignore-obsolete

clean:
	rm -rf $(VENV) build dist *.egg-info
