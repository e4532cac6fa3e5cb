#!/usr/bin/env bash
# What `make bench` runs: tests/benchmarks/bench.py on the pinned ansible-core 2.19 venv, against
# an emulator the script starts (and stops) itself on loopback. Extra arguments go to bench.py,
# e.g. `make bench ARGS="--only c --sizes 10,1000"`. Results: see docs/performance.md.
set -uo pipefail

# shellcheck source=hacking/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  cd "$REPO_ROOT" || exit 1
  setup_python_links
  ensure_core_venv "$CORE_219" 3.11 || die "could not set up the ansible-core $CORE_219 venv"
  "$(venv_dir "core-$CORE_219-py3.11")/bin/python" tests/benchmarks/bench.py "$@"
}

main "$@"
