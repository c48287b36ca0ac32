# Swarmcast: two commands do all the set-up on a fresh machine with python3 (>= 3.11) and make.
#   make start   create .venv, install the course, open JupyterLab on lessons/00_start_here.ipynb
#   make test    create .venv, install with the test and instructor extras, run the whole test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
# nbgrader runs `alembic` from PATH when it creates a gradebook: the venv's bin must come first.
export PATH := $(BIN):$(PATH)
PYTEST_WORKERS ?= auto
LAB_ARGS ?=

.PHONY: start test lab install install-dev browser clean-state release benchmarks help lock lean-test references site lite install-site site-deps

help:
	@echo "make start       open the course in JupyterLab (installs on first run)"
	@echo "make test        install everything and run the whole test suite"
	@echo "make benchmarks  print model, lesson and grading speed figures"
	@echo "make lean-test   run every lesson without numba, lifelines, vl-convert, bibtexparser, jupyterlab (same numbers)"
	@echo "make release     regenerate exercises/ from solutions/ (instructors)"
	@echo "make lock        re-pin Binder's environment (binder/requirements.txt) from pyproject.toml"
	@echo "make layout-table  regenerate the lesson table in src/swarmcast/README.md from the code"
	@echo "make site        build the course web site into _site/ (lessons executed, static charts and self-checks)"
	@echo "make lite        build the JupyterLite site into _lite/ (the course in the browser, no server)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Swarmcast needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Install a newer Python, or run: make PYTHON=python3.12 ...")'
	@echo "Creating the course's Python environment in $(VENV)/ ..."
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV). On Debian or Ubuntu install the venv module first:"; \
		echo "    sudo apt-get install python3-venv     (or python3.12-venv for your Python version)"; \
		echo "then run make start again."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamps re-run pip only when pyproject.toml changes.
# Students see what happens: the first install downloads about 500 MB and takes a minute or more.
$(VENV)/.installed-student: pyproject.toml | $(BIN)/python
	@echo "Installing the course and JupyterLab into $(VENV)/ (first time only: a minute or more) ..."
	$(BIN)/python -m pip install --progress-bar on -e '.[lab]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab,instructor,test]'
	@touch $@ $(VENV)/.installed-student

install: $(VENV)/.installed-student
install-dev: $(VENV)/.installed-dev

# JupyterLab refuses to run as root unless told; a normal user needs nothing extra. The whole course folder
# is served (students need exercises/ too), opened on the student's own copy of lesson 00 in $(WORK)/
# (git-ignored, seeded from lessons/ by swarmcast.workfolder: a course update never overwrites an edited copy).
# The course's JupyterLab settings (binder/overrides.json: no news prompt) go into the venv.
WORK ?= my-work
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_OVERRIDES): binder/overrides.json | $(BIN)/python
	@mkdir -p $(dir $@)
	cp binder/overrides.json $@

# The course's server settings (binder/jupyter_server_config.json: the kernel's websocket sends without Nagle's
# delay, src/swarmcast/labserver.py) go into the venv's Jupyter config, read by every server it starts (the tests' too).
SERVER_CONFIG := $(VENV)/etc/jupyter/jupyter_server_config.d/swarmcast.json

$(SERVER_CONFIG): binder/jupyter_server_config.json | $(BIN)/python
	@mkdir -p $(dir $@)
	cp binder/jupyter_server_config.json $@

start: install $(LAB_OVERRIDES) $(SERVER_CONFIG)
	$(BIN)/python -m swarmcast.workfolder lessons $(WORK)
	@echo "Opening JupyterLab. To stop it: press Ctrl-C twice in this terminal (or run: $(BIN)/jupyter server stop)."
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/$(WORK)/00_start_here.ipynb $(LAB_ARGS)

lab: start

# The browser tests drive JupyterLab in Debian's chromium. As root we install it; otherwise we say how.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "chromium is not installed: the browser tests will be skipped (install the 'chromium' package to run them)."; \
	fi

# Autograding runs every notebook in a bubblewrap sandbox (src/swarmcast/grading/sandbox.py); the tests
# prove it with attacker submissions. As root we install Debian's bubblewrap; otherwise we say how.
.PHONY: sandbox
sandbox:
	@if command -v bwrap >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's bubblewrap for the grading sandbox..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	else \
		echo "bubblewrap (bwrap) is not installed: grading and its tests need it. Install the 'bubblewrap' package (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap), then run make test again." >&2; \
		exit 1; \
	fi

# Tests spread over all cores (pytest-xdist). xdist_group marks do not group tests on pytest 9, so the
# expensive nbgrader fixtures are built once per run through lock files (tests/assignment_harness.py,
# tests/fixtures/grading/synthetic_course.py), whichever worker gets there first.
test: install-dev $(SERVER_CONFIG) browser site-deps sandbox
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)
	$(MAKE) lean-test

# The lean core (issue 14): a second venv with only `pip install -e .` (no extras: no numba, lifelines, vl-convert,
# bibtexparser or jupyterlab; the same versions of everything else) runs every lesson, and its text outputs,
# chart data and captions must equal the full environment's, cell by cell. tools/lean_core.py --help.
LEAN_VENV ?= .venv-lean
lean-test: install-dev
	$(BIN)/python tools/lean_core.py --venv $(LEAN_VENV)

# Re-render src/swarmcast/data/references.json after editing references.bib (needs bibtexparser: make install-dev).
references: install-dev
	$(BIN)/python tools/render_references.py

# The lesson table of src/swarmcast/README.md (lesson -> data -> models -> package -> assignment -> guide), derived
# from the code by a standard-library script; tests/test_layout.py fails while it is out of date.
.PHONY: layout-table
layout-table:
	$(PYTHON) tools/layout_table.py

benchmarks: install-dev
	$(BIN)/python benchmarks/models.py
	$(BIN)/python benchmarks/lessons.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/grading.py
	$(BIN)/python benchmarks/site_size.py
	$(BIN)/python benchmarks/browser.py

release: install-dev
	$(BIN)/swarmcast release --all

# Binder's pinned environment. A fresh virtual environment (Binder's Python, 3.12, when this machine has it)
# gets the course from pyproject.toml plus JupyterLab (Binder opens it), and `pip freeze` writes every package
# at its exact version, then "." (the course itself). Run after any change to the dependencies in
# pyproject.toml; tests/test_release.py fails while the lock misses or contradicts one of them.
LOCK_PYTHON ?= $(shell python3.12 -c '' >/dev/null 2>&1 && echo python3.12 || echo $(PYTHON))
LOCK_VENV   := $(abspath .lock-venv)
lock:
	rm -rf $(LOCK_VENV)
	$(LOCK_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet '.[lab]'
	{ echo "# Binder's environment, pinned: generated by \`make lock\` from pyproject.toml with Python $$($(LOCK_VENV)/bin/python -c 'import platform; print(platform.python_version())') (do not edit by hand)."; \
	  echo "# repo2docker runs pip in the repository root: the last line installs the course itself, with its lab extra."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude swarmcast; \
	  echo ".[lab]"; } > binder/requirements.txt.new
	mv binder/requirements.txt.new binder/requirements.txt
	rm -rf $(LOCK_VENV)
	@echo "binder/requirements.txt: $$(grep -c '==' binder/requirements.txt) packages pinned"

# ---- The course on the web (issue 14): static site and JupyterLite ------------------------------------------
# site/build.py does both; the [site] extra brings Sphinx + myst-nb, vl-convert and jupyterlite. The browser
# tests (tests/test_site.py) also need axe-core from npm (package.json, locked in package-lock.json).
$(VENV)/.installed-site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[site]'
	@touch $@ $(VENV)/.installed-student

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null && npm ci --no-audit --no-fund --silent; \
	else echo "npm is not installed: the accessibility tests of the site will fail (install the 'npm' package)."; exit 1; fi

install-site: $(VENV)/.installed-site
site-deps: install-site node_modules/.package-lock.json

site: install-site
	$(BIN)/python site/build.py site

lite: install-site
	$(BIN)/python site/build.py lite
