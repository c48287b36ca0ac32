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

.PHONY: start test lab install install-dev browser clean-state release benchmarks help

help:
	@echo "make start       open the course in JupyterLab (installs on first run)"
	@echo "make test        install everything and run the whole test suite"
	@echo "make benchmarks  print model, lesson and grading speed figures"
	@echo "make release     regenerate exercises/ from solutions/ (instructors)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Swarmcast needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Install a newer Python, or run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamps re-run pip only when pyproject.toml changes.
$(VENV)/.installed-student: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[instructor,test]'
	@touch $@ $(VENV)/.installed-student

install: $(VENV)/.installed-student
install-dev: $(VENV)/.installed-dev

# JupyterLab refuses to run as root unless told; a normal user needs nothing extra. The whole course folder
# is served (students need lessons/ and exercises/), opened on lesson 00.
start: install
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb $(LAB_ARGS)

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
test: install-dev browser sandbox
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

benchmarks: install-dev
	$(BIN)/python benchmarks/models.py
	$(BIN)/python benchmarks/lessons.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/grading.py

release: install-dev
	$(BIN)/swarmcast release --all
