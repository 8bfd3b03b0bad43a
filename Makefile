# Two entry points, both self-installing: `make build` and `make test`.
# `make check` is the quick loop: lint and the fast tests, in under 30 s.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/routes build

lint: $(STAMP)
	$(BIN)/ruff check routes tests benchmarks
	$(BIN)/ruff format --check routes tests benchmarks
	$(BIN)/mypy

# Every test, the docstring examples of the package included.
test: lint
	$(BIN)/pytest --doctest-modules routes tests

check: lint
	$(BIN)/pytest --doctest-modules -m "not slow" -q -n 2 routes tests

# Speed and weight against peers, measured side by side (needs chromium and npm,
# and for refine the shared OSM extracts beside the repository).
bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m benchmarks.build
	$(BIN)/python -m benchmarks.map_weight
	$(BIN)/python -m benchmarks.refine

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
