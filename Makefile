# Two commands from a fresh clone: `make play` and `make test`. Needs python3 (3.11+) and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test bench lint schema clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "salesim needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

play: $(STAMP)
	$(BIN)/salesim play

test: $(STAMP)
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/ruff check sim tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy --strict sim/scenario sim/engine

schema: $(STAMP)
	$(BIN)/salesim schema > schema/scenario.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info
