# The two commands of the README: `make run` (build and validate the graph on the
# embedded store) and `make test` (every test). Both create the environment first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install browser fonts run build test notebooks bench clean

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

# An Arabic font from Debian (Amiri) for figures with Arabic labels (no-op when present).
fonts:
	sh scripts/install-fonts.sh

test: $(STAMP) browser fonts
	$(BIN)/python -m pytest -q -rs

# Execute the notebooks against the last build and render them to HTML in build/notebooks/.
notebooks: $(STAMP) fonts
	$(BIN)/kg build
	$(BIN)/python -c "from pathlib import Path; from kg import api; api.render_notebooks(Path('build/notebooks'), Path('build'))"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf build
