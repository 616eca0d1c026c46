# Every target creates or updates the local virtualenv itself: a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KINSHIP_USER ?= you

.PHONY: run test bench lint install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot chat --user "$(KINSHIP_USER)"

test: lint
	$(BIN)/python -m pytest -q

ANCHORS := .venv-anchors/.installed

# The Bot Framework SDK (botbuilder) is only a benchmark anchor: end of support 31 Dec 2025, so it gets a
# virtualenv of its own and never touches Kinship's.
$(ANCHORS):
	$(PYTHON) -m venv .venv-anchors
	.venv-anchors/bin/python -m pip install --quiet --upgrade pip
	.venv-anchors/bin/python -m pip install --quiet "botbuilder-integration-aiohttp>=4.17,<5"
	touch $(ANCHORS)

bench: $(STAMP) $(ANCHORS)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m bench

# ruff (style, imports, a complexity limit), the formatter's check and the type checker: all blocking.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .venv-anchors var/*.db
