# The two commands of the README: `make test` (set up + run the tests) and, later, `make demo`.
# Both create .venv when it is absent and install everything from this repository's own files.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
# The CPU wheel of torch; pinned in the same pip command as everything else so pip never
# resolves an unpinned (multi-GB CUDA) torch. On a GPU machine install your torch first and
# run `make TORCH= test` so this pin is not applied.
TORCH   ?= torch==2.13.0

.PHONY: install install-dev test demo bench clean

# `make demo` needs the package only; `make test` adds the dev tools (nbdev, pytest, jupyterlab, playwright).
# --no-compile: Python byte-compiles what it imports on first use, not the whole of torch at install time.
$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --no-compile -c constraints.txt $(TORCH) -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/python -m pip install -q --no-compile -c constraints.txt $(TORCH) -e ".[dev]"
	touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

test: install-dev
	$(BIN)/nbdev-export
	@git diff --quiet -- wfdm 2>/dev/null || { echo "wfdm/*.py is out of date with nbs/: run nbdev-export and commit"; git --no-pager diff --stat -- wfdm; exit 1; }
	$(BIN)/nbdev-test --n-workers 2
	WFDM_QUICK=1 $(BIN)/nbdev-test tutorials --n-workers 2
	$(BIN)/python -m pytest -q

# The main job: phantom cohort -> stage A -> stage B -> samples -> evaluation -> report (5.3 min on 2 AMX cores, 9.4 min on 2 AVX-512 BF16 cores, 13.4 min on 2 AVX2 cores; measured).
demo: install
	$(BIN)/wfdm quickstart --out runs/quickstart

bench: install
	$(BIN)/python benchmarks/dwt.py

clean:
	rm -rf $(VENV) .pytest_cache
