# Developer and CI entry points for the exotel.trunking collection: thin aliases of nox sessions
# (noxfile.py, antsibull-nox.toml). `make` installs nox and antsibull-nox itself into a venv in the
# cache directory; see TESTING.md. Extra arguments go to the session with ARGS=, e.g.
#   make integration ARGS="emulator_smoke -v"
#   make session S=sanity-2.18 ARGS="--test validate-modules"

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
ARGS ?=
S ?=
EMULATOR_HOST ?= 127.0.0.1
EMULATOR_PORT ?= 8088
PYTHON ?= python3
NOX_PINS := nox==2026.10.20 antsibull-nox==1.10.0

EXOTEL_CI_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/exotel-trunking-ci
export EXOTEL_CI_CACHE
RUNNER := $(EXOTEL_CI_CACHE)/nox-runner
NOX := $(RUNNER)/bin/python -m nox --noxfile noxfile.py
POSARGS = $(if $(strip $(ARGS)),-- $(ARGS))

.PHONY: help test sessions session sanity units integration lint build docs bench bench-inprocess demo emulator clean nox-runner

help:
	@echo "make test         everything (nox -s test): lint, docs, build/import, sanity/units on ansible-core 2.18-2.21,"
	@echo "                  the integration lanes; prints a step-time table and 'make-test: N passed, M failed'"
	@echo "make sessions     list the nox sessions (nox -l)"
	@echo "make session S=NAME [ARGS=...]   run one nox session"
	@echo "make sanity       sanity ignore files + ansible-test sanity on the default line (ARGS go to ansible-test)"
	@echo "make units        ansible-test units on the default line (ARGS: a test file, -k ..., ...)"
	@echo "make integration  every integration target on the default line, in-process path (ARGS: targets, -v, ...)"
	@echo "make lint         yamllint, ansible-lint, antsibull-docs lint, licences, extra checks, shellcheck, changelog"
	@echo "make build        galaxy build + galaxy-importer, and install + verify + ansible-doc -l"
	@echo "make docs         HTML docs site (antsibull-docs + Sphinx, offline, no warnings) in .build/docs/build/html"
	@echo "make bench        benchmarks against the emulator (ARGS go to tests/benchmarks/bench.py)"
	@echo "make bench-inprocess  benchmarks of in-process execution (ARGS go to tests/benchmarks/inprocess.py)"
	@echo "make demo         build, install, start the emulator, run examples/demo.yml (the last run must be changed=0)"
	@echo "make emulator     run the emulator in the foreground on $(EMULATOR_HOST):$(EMULATOR_PORT)"
	@echo "make clean        remove .build/, tests/output/ and other local build output (not the cache: $(EXOTEL_CI_CACHE))"

# nox and antsibull-nox in a venv of their own, re-created when the pins change.
nox-runner:
	@if [ "$$(cat '$(RUNNER)/.pins' 2>/dev/null)" != "$(NOX_PINS)" ] || ! '$(RUNNER)/bin/python' -c 'import nox, antsibull_nox' 2>/dev/null; then \
	  echo "installing $(NOX_PINS) into $(RUNNER)"; \
	  rm -rf '$(RUNNER)' && mkdir -p '$(EXOTEL_CI_CACHE)' && $(PYTHON) -m venv '$(RUNNER)' && \
	  { PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CACHE_DIR='$(EXOTEL_CI_CACHE)/pip' '$(RUNNER)/bin/python' -m pip install -q $(NOX_PINS) 2>&1 | \
	    grep -v 'is ignored: it is neither a file nor a directory'; test "$${PIPESTATUS[0]}" -eq 0; } && \
	  echo '$(NOX_PINS)' > '$(RUNNER)/.pins' || { echo "could not install $(NOX_PINS)"; exit 1; }; \
	fi

test: nox-runner
	@rm -f .build/logs/result.txt; \
	$(NOX) -s test; rc=$$?; \
	if [ -s .build/logs/result.txt ]; then cat .build/logs/result.txt; else echo "make-test: 0 passed, 1 failed"; rc=1; fi; \
	exit $$rc

sessions: nox-runner
	@$(NOX) -l

session: nox-runner
	@test -n "$(S)" || { echo "usage: make session S=NAME [ARGS=...]"; exit 2; }
	@$(NOX) -s $(S) $(POSARGS)

sanity: nox-runner
	@$(NOX) -s sanity $(POSARGS)

units: nox-runner
	@$(NOX) -s units $(POSARGS)

integration: nox-runner
	@$(NOX) -s integration $(POSARGS)

lint: nox-runner
	@$(NOX) -s lint ansible-lint docs-check license-check extra-checks action-groups sanity-ignores shellcheck changelog

build: nox-runner
	@$(NOX) -s build-import-check galaxy-install

docs: nox-runner
	@$(NOX) -s docs-build

bench: nox-runner
	@$(NOX) -s bench $(POSARGS)

bench-inprocess: nox-runner
	@$(NOX) -s bench-inprocess $(POSARGS)

demo: nox-runner
	@$(NOX) -s demo

emulator:
	$(PYTHON) tests/emulator/exotel_emulator.py --host $(EMULATOR_HOST) --port $(EMULATOR_PORT)

clean:
	rm -rf .build tests/output tests/integration/inventory importer_result.json .ansible .nox
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
