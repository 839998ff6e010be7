# chidao — the two commands of the README, and their parts.
#   make run    set up, load the demo (first time only) and serve on http://127.0.0.1:5000
#   make test   set up and run the whole test suite (what CI runs)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_NOW ?= 2025-09-22T08:30:00+07:00
DATA_DIR ?= var
PORT ?= 5000

.PHONY: run test setup ocr demo services browser fonts dictionaries bench bench-million clean

$(BIN)/chidao: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup: $(BIN)/chidao ocr

# Tesseract with its Vietnamese model, for reading scanned directives (a warning, not a failure, without root)
ocr:
	bash .ci/ensure_ocr.sh

# first time: create the database and load the demo; later: only upgrade the schema
demo: setup
	@if [ -f $(DATA_DIR)/chidao.db ]; then \
	  CHIDAO_DATA_DIR=$(DATA_DIR) CHIDAO_NOW=$(DEMO_NOW) $(BIN)/chidao init; \
	else \
	  CHIDAO_DATA_DIR=$(DATA_DIR) CHIDAO_NOW=$(DEMO_NOW) $(BIN)/chidao init --demo; \
	fi

run: demo fonts dictionaries
	CHIDAO_DATA_DIR=$(DATA_DIR) CHIDAO_NOW=$(DEMO_NOW) $(BIN)/chidao serve --host 127.0.0.1 --port $(PORT)

services:
	bash .ci/services

browser:
	bash tests/browser/ensure_chromium.sh

# DejaVu Sans for the PDF export (Debian's fonts-dejavu-core)
fonts:
	bash .ci/ensure_fonts.sh

# the Vietnamese word list the extractor restores OCR'd text with (Debian hunspell-vi)
dictionaries:
	bash .ci/dictionaries

test: setup services browser fonts dictionaries
	$(BIN)/python -m pytest -q

bench: setup services
	$(BIN)/python benchmarks/bench_steps.py
	$(BIN)/python benchmarks/bench_sweeps.py
	$(BIN)/python benchmarks/bench_http.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_web.py
	$(MAKE) bench-million

# a million assignments: long (generation ≈ 7 min and 14 GB on PostgreSQL, then the measures);
# `make bench-million MILLION=100000` for a smaller run
MILLION ?= 1000000
bench-million: setup services
	$(BIN)/python benchmarks/generate_million.py --assignments 10000 --database chidao_million_10k
	$(BIN)/python benchmarks/generate_million.py --assignments $(MILLION) --database chidao_million
	$(BIN)/python benchmarks/bench_million.py --database chidao_million --yardstick-database chidao_million_10k

clean:
	rm -rf $(DATA_DIR) test-artifacts .pytest_cache
