# Two commands do all the set-up on a fresh machine (Python 3.11+):
#   make run    the dashboard on the seed article, offline
#   make test   the whole test suite (installs Debian's chromium for the browser tests when missing)
# Both create the environment in .venv/ on first use and are fast afterwards.
# For developers, not set-up: make test-fast runs the suite without its `slow` tests (under a minute).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export FRONTLINE_CACHE_DIR ?= $(CURDIR)/.frontline-cache

.PHONY: run test test-fast bench setup browser valgrind clean

run: $(STAMP)
	$(VENV)/bin/frontline prepare
	$(VENV)/bin/streamlit run app.py --server.headless=true --browser.gatherUsageStats=false

test: $(STAMP) browser
	$(PY) -m pytest

# Every slow test is left out (browser renders, robustness suites, corpus runs, index rebuilds);
# none of the rest needs Chromium. `make test` still runs them all.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

bench: $(STAMP) browser valgrind
	$(PY) -m benchmarks

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	rm -f $(VENV)/.installed-* && touch $@

# Browser tests use Debian's Chromium, never a browser download.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

# The instructions benchmark counts with Debian's valgrind (CPU time on a shared machine varies too much).
valgrind:
	@test -x /usr/bin/valgrind || { \
	  echo "installing Debian's valgrind for benchmarks instructions"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q valgrind; }

clean:
	rm -rf $(VENV) .frontline-cache .pytest_cache
