# Borderwatch: `make dashboard` opens the dashboard on the seed articles; `make test` runs every test.
# Both set everything up first (a virtual environment in .venv, the npm assets, Chromium for tests).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: dashboard test setup chromium bench data

dashboard: setup  ## set up, then serve the dashboard on http://127.0.0.1:8501 (or PORT=N: on port N)
	$(PY) -m geo dashboard $(if $(PORT),--port $(PORT))

test: setup chromium  ## set up, then type-check geo (mypy, configured in pyproject.toml) and run the whole test suite
	$(PY) -m mypy geo
	$(PY) -m pytest

setup: $(VENV)/.installed  ## Python packages (editable install) and the offline web assets (npm)
	$(PY) -m geo assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

chromium:  ## Debian's Chromium for the browser tests (Playwright drives it; no browser download)
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

bench: setup chromium  ## print the speed, memory and accuracy tables
	$(PY) bench/bench_core.py
	$(PY) bench/bench_corpus.py
	$(PY) bench/bench_toponyms.py
	$(PY) bench/bench_export.py
	$(PY) bench/bench_store.py
	$(PY) bench/bench_scale.py
	$(PY) bench/bench_dashboard.py
	$(PY) bench/bench_parallel.py

data: setup  ## rebuild data/ from the installed packages (tests check it is reproducible)
	$(PY) -m geo build-data
