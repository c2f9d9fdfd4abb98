# The two commands of the README: `make run` (build and validate the graph on the
# embedded store) and `make test` (every test). Both create the environment first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install browser run build test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build

build: run

# Headless Chromium and ChromeDriver from Debian, for the page tests (no-op when present).
browser:
	bash scripts/install-browser.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf build
