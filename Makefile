# Two commands from a fresh clone: `make play` and `make test`. Needs python3 (3.11+) and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test bench lint schema clean fuzz

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

clean:
	rm -rf $(VENV) build dist *.egg-info
