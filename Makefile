# Recours: the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev demo test lint format messages system-packages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Runtime install, pinned by constraints.txt to the versions the suite was run with.
install: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	$(MAKE) --no-print-directory messages

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	$(MAKE) --no-print-directory messages

# Compile the translation catalogs (.po -> .mo); binaries are built, never committed.
messages:
	$(BIN)/python -m recours.i18n compile

demo: install
	$(BIN)/recours demo --host $(HOST) --port $(PORT)

# Debian packages the tests need: chromium for browser tests, gettext to extract strings,
# Pango, HarfBuzz and DejaVu fonts for WeasyPrint's PDFs, poppler-utils to read them back.
system-packages:
	@sh scripts/system-packages.sh

test: install-dev system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts
