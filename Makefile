# Each target sets up .venv itself, so a fresh machine needs only python3 and make.
# `make demo` installs what the app needs; the test and lint tools only come with
# test, bench, lint and check (each stamp remembers which install it did).
VENV := .venv
PY := $(VENV)/bin/python
APP := $(VENV)/.installed-app
DEV := $(VENV)/.installed-test

.PHONY: demo demo-reset test bench check lint clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(APP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $(APP)

$(DEV): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(APP) $(DEV)

# An existing demo is kept (with what was changed in it); demo-reset builds a fresh one.
demo: $(APP)
	$(VENV)/bin/tandem demo

demo-reset: $(APP)
	$(VENV)/bin/tandem demo --reset

# Two workers per core (see tests/conftest.py); idle workers take tests from busy ones.
# Bytecode caching stays on even where PYTHONDONTWRITEBYTECODE is set: otherwise every
# worker compiles the project and re-rewrites the asserts of every test module and pytest
# plugin (hypothesis, syrupy, ...) on each run, about 4 s of CPU per worker.
test: $(DEV)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -p no:cacheprovider -n auto --dist worksteal

bench: $(DEV)
	$(PY) -m tests.bench

lint: $(DEV)
	$(VENV)/bin/ruff check db tui tests
	$(VENV)/bin/ruff format --check db tui tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

check: lint test

clean:
	rm -rf $(VENV) build *.egg-info
