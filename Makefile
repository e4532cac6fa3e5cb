# Developer and CI entry points for the exotel.trunking collection.
# Every target does its own set-up (pinned venvs under ~/.cache/exotel-trunking-ci, a work tree
# under .build/); see hacking/README-testing.md.  Pass extra ansible-test arguments with ARGS=,
# e.g. `make integration ARGS="emulator_smoke -v"`.

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
ARGS ?=
EMULATOR_HOST ?= 127.0.0.1
EMULATOR_PORT ?= 8088
PYTHON ?= python3

.PHONY: help test sanity units integration lint build docs bench demo emulator clean

help:
	@echo "make test         full pipeline: lint, docs lint, build/import, sanity, units, integration matrix"
	@echo "make sanity       sanity on ansible-core 2.19 / py3.11 (plus the ignore-file check)"
	@echo "make units        unit tests on ansible-core 2.19 / py3.11"
	@echo "make integration  integration tests (emulator) on ansible-core 2.19 / py3.11"
	@echo "make lint         ansible-lint (production, offline) + antsibull-docs lint + shellcheck"
	@echo "make build        galaxy build + install + galaxy-importer"
	@echo "make docs         HTML docs site (antsibull-docs + Sphinx, offline, no warnings) in .build/docs/build/html"
	@echo "make bench        benchmarks against the emulator (ratios side by side); see docs/performance.md"
	@echo "make demo         run examples/demo.yml against a local emulator (last run must be changed=0)"
	@echo "make emulator     run the emulator in the foreground on $(EMULATOR_HOST):$(EMULATOR_PORT)"
	@echo "make clean        remove .build/, tests/output/ and other local build output"

test:
	@bash hacking/test.sh all

sanity units integration lint build docs:
	@bash hacking/test.sh $@ $(ARGS)

bench:
	@bash hacking/bench.sh $(ARGS)

demo:
	@bash hacking/demo.sh

emulator:
	$(PYTHON) tests/emulator/exotel_emulator.py --host $(EMULATOR_HOST) --port $(EMULATOR_PORT)

clean:
	rm -rf .build tests/output tests/integration/inventory importer_result.json .ansible
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
