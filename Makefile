# Two commands on a fresh machine (only python3 and make needed):
#   make lab    set up .venv if missing and open JupyterLab on the lessons
#   make test   set up .venv if missing and run the whole test suite
# Both are quick once set up: the install step re-runs only when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_FLAGS ?= --disable-pip-version-check --quiet
PYTEST_ARGS ?=

.PHONY: lab test test-fast bench screenshots bench-browser bench-dashboard bench-replay lint format clean help hub hub-proxy site site-axe

help:
	@echo "make lab     open JupyterLab on lessons/ (sets up $(VENV) first if needed)"
	@echo "make test    run the whole test suite (sets up $(VENV) first if needed)"
	@echo "make test-fast  the fast tier (under a minute): unit tests without browser, lessons (nbval) or slow ones"
	@echo "make bench   print the speed benchmark table"
	@echo "make screenshots     run the browser tests, saving every lesson in light and dark theme to test-output/browser/"
	@echo "make bench-browser   print the browser benchmark table (JupyterLab in headless Chromium)"
	@echo "make bench-dashboard one dashboard refresh, SQLite vs PostgreSQL (40 x 60 x 3 attempts)"
	@echo "make bench-replay    replay frame times in the browser (side-by-side replay, 50 ms budget)"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make hub     a local workshop JupyterHub on http://127.0.0.1:8000 (deploy/jupyterhub_config.py)"
	@echo "make format  apply ruff's fixes and formatting"
	@echo "make site    run the lessons and write them as an offline static website to $(SITE_DIR)/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[lab]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[test]"
	@touch $@ $(VENV)/.installed-lab $(VENV)/.installed-hub

$(VENV)/.installed-hub: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[lab,hub]"
	@touch $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[bench]"
	@touch $@

# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

# JupyterLab's settings for the kit (deploy/jupyterlab-overrides.json): no news prompt, and
# every cell attached ("windowingMode": "none"): with the default, cells off screen are
# skipped, and an explorer's or a prediction's figure drawn there could stay an empty grid.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): deploy/jupyterlab-overrides.json | $(BIN)/python
	@mkdir -p $(dir $@)
	cp deploy/jupyterlab-overrides.json $@

lab: $(VENV)/.installed-lab $(LAB_OVERRIDES)
	$(BIN)/jupyter lab $(LAB_FLAGS) lessons/

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tier: tests/ only (no lessons through nbval), without the browser tests and the
# tests marked slow (markers are registered in pyproject.toml; see CONTRIBUTING.md).
FAST_MARKERS ?= not slow and not browser
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests -q -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py

screenshots: $(VENV)/.installed-test
	KIT_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

bench-browser: $(VENV)/.installed-test
	$(BIN)/python benchmarks/browser.py

bench-dashboard: $(VENV)/.installed-test
	$(BIN)/python benchmarks/dashboard_refresh.py

bench-replay: $(VENV)/.installed-test
	$(BIN)/python benchmarks/replay_browser.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --- make hub: a workshop JupyterHub on this machine (see deploy/jupyterhub_config.py) ----------
# configurable-http-proxy comes from npm into .hub/node (git-ignored); JupyterHub from PyPI.
# 5.x needs Node 20+; on an older Node (Debian 12 ships 18) the 4.x line, which JupyterHub 5
# supports too.
CHP_VERSION ?= $(shell node -e 'process.stdout.write(+process.versions.node.split(".")[0] >= 20 ? "5.3.0" : "4.6.3")' 2>/dev/null || echo 4.6.3)
CHP := .hub/node/node_modules/.bin/configurable-http-proxy

$(CHP):
	@command -v npm >/dev/null || { echo "make hub needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	npm install --prefix .hub/node --no-audit --no-fund --loglevel=error configurable-http-proxy@$(CHP_VERSION)

hub-proxy: $(CHP)

hub: $(VENV)/.installed-hub $(CHP) $(LAB_OVERRIDES)
	@mkdir -p .hub
	cd .hub && $(abspath $(BIN))/jupyterhub -f ../deploy/jupyterhub_config.py

# --- make site: the lessons as an offline static website (issue 26; kit/site) -------------------
# Runs the seven lessons in fresh kernels and writes $(SITE_DIR)/ (git-ignored): open
# $(SITE_DIR)/index.html from disk, or upload the folder to any static host (see README).
SITE_DIR ?= site
site: $(VENV)/.installed-lab
	$(BIN)/python -m kit lessons site $(SITE_DIR)

# axe-core for the site's browser test (accessibility), from npm into .site-tools/node
# (git-ignored), as make hub-proxy installs the hub's proxy.
AXE_VERSION ?= 4.10.3
AXE := .site-tools/node/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null || { echo "make site-axe needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	npm install --prefix .site-tools/node --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)

site-axe: $(AXE)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache test-output $(SITE_DIR)
