#!/usr/bin/env bash
# Test pipeline for exotel.trunking (what `make test`, `make sanity`, ... run).
#
# usage: hacking/test.sh all|sanity|units|integration|lint|build [EXTRA ANSIBLE-TEST ARGS...]
#
#   all          the full matrix (make test); ends with "make-test: N passed, M failed"
#   sanity       quick loop: ignore-file check + sanity on ansible-core 2.19 / py3.11
#   units        quick loop: units on ansible-core 2.19 / py3.11
#   integration  quick loop: integration on ansible-core 2.19 / py3.11
#   lint         ansible-lint (production, offline) + antsibull-docs lint
#   build        galaxy build + install + galaxy-importer
#
# Extra arguments go to ansible-test in the quick loops, e.g.
#   hacking/test.sh integration emulator_smoke -v
#   hacking/test.sh units tests/unit/plugins/modules/test_foo.py
#
# Environment: EXOTEL_CI_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/exotel-trunking-ci),
# EXOTEL_CI_BUILD (default <repo>/.build), STEP_TIMEOUT (seconds per step, default 1800).
set -uo pipefail

# shellcheck source=hacking/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE="${1:-all}"
[ $# -gt 0 ] && shift
EXTRA=("$@")

# --------------------------------------------------------------------------------------------
# Step bodies
# --------------------------------------------------------------------------------------------

# Fail if any sanity ignore file has an entry (comments and blank lines are fine).
check_sanity_ignores() {
  local f bad=0
  shopt -s nullglob
  for f in "$REPO_ROOT"/tests/sanity/ignore-*.txt; do
    if grep -nvE '^[[:space:]]*(#|$)' "$f"; then
      log "ERROR: ${f#"$REPO_ROOT"/} has entries; sanity ignores are not allowed in this collection"
      bad=1
    fi
  done
  [ "$bad" -eq 0 ] && log "no sanity ignore entries"
  [ "$bad" -eq 0 ]
}

# Run shellcheck on our own bash (ansible-test's shellcheck test only sees *.sh files).
run_shellcheck() {
  local files=()
  command -v shellcheck >/dev/null || { log "shellcheck is not installed"; return 1; }
  mapfile -t files < <(cd "$WORK_COLL" && { ls hacking/*.sh .ci/run 2>/dev/null; find . -name '*.sh' -not -path './tests/output/*' -not -path './hacking/*' | sed 's|^\./||'; } | sort -u)
  [ "${#files[@]}" -gt 0 ] || { log "no shell scripts"; return 0; }
  (cd "$WORK_COLL" && shellcheck -x -s bash "${files[@]}") && log "shellcheck clean: ${files[*]}"
}

tools() { PATH="$(venv_dir tools)/bin:$PATH" "$@"; }

run_ansible_lint() {
  (cd "$WORK_COLL" && ANSIBLE_COLLECTIONS_PATH="$WORK_ROOT" HOME="$AT_HOME" \
    tools ansible-lint --offline --profile production --nocolor)
}

run_antsibull_docs_lint() {
  (cd "$WORK_COLL" && tools antsibull-docs lint-collection-docs --plugin-docs .)
}

galaxy_build() {
  rm -rf "$DIST_DIR" && mkdir -p "$DIST_DIR" &&
  (cd "$WORK_COLL" && tools ansible-galaxy collection build --force --output-path "$DIST_DIR" .) &&
  [ -f "$TARBALL" ] && log "built $TARBALL ($(du -h "$TARBALL" | cut -f1)), $(tar -tzf "$TARBALL" | wc -l) entries"
}

galaxy_install() {
  [ -f "$TARBALL" ] || { log "no tarball (build failed?)"; return 1; }
  rm -rf "$INSTALL_ROOT" &&
  tools ansible-galaxy collection install --force -p "$INSTALL_ROOT" "$TARBALL" &&
  ANSIBLE_COLLECTIONS_PATH="$INSTALL_ROOT" tools ansible-galaxy collection verify --offline "$COLL_NS.$COLL_NAME" &&
  ANSIBLE_COLLECTIONS_PATH="$INSTALL_ROOT" tools ansible-doc -l "$COLL_NS.$COLL_NAME"
}

# galaxy-importer on the tarball; fail on any ERROR, or on a WARNING from the docs or lint checks.
galaxy_importer() {
  [ -f "$TARBALL" ] || { log "no tarball (build failed?)"; return 1; }
  local out="$BUILD_DIR/galaxy-importer.log" rc=0 problems
  (
    cd "$DIST_DIR" &&
    GALAXY_IMPORTER_CONFIG=/dev/null GALAXY_IMPORTER_RUN_ANSIBLE_TEST=false \
    GALAXY_IMPORTER_RUN_ANSIBLE_DOC=true GALAXY_IMPORTER_RUN_ANSIBLE_LINT=true \
    GALAXY_IMPORTER_OFFLINE_ANSIBLE_LINT=true GALAXY_IMPORTER_CHECK_CHANGELOG=true \
    GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$BUILD_DIR/importer-tmp" HOME="$AT_HOME" \
    tools python -m galaxy_importer.main "$TARBALL"
  ) 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { log "galaxy-importer exited $rc"; return 1; }
  grep -q 'completed successfully' "$out" || { log "galaxy-importer did not report success"; return 1; }
  problems="$(grep -E '^(ERROR|WARNING|CRITICAL)' "$out" || true)"
  if [ -n "$problems" ]; then
    log "galaxy-importer reported problems:"
    printf '%s\n' "$problems"
    return 1
  fi
  log "galaxy-importer: no errors, no warnings"
}

# --------------------------------------------------------------------------------------------
# Set-up (each part is a counted step, so a broken install shows up in the summary)
# --------------------------------------------------------------------------------------------
ensure_shellcheck() {
  command -v shellcheck >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing shellcheck with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck >/dev/null 2>&1 ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck >/dev/null 2>&1; } ||
      log "WARNING: could not install shellcheck"
  else
    log "WARNING: shellcheck not found; ansible-test sanity will skip its shellcheck test"
  fi
}

setup() {  # setup VENV_SPEC...   (spec: tools | CORE:PY)
  local spec venvs=()
  setup_python_links
  ensure_shellcheck
  for spec in "$@"; do
    if [ "$spec" = tools ]; then
      step "setup: tools venv (ansible-lint, antsibull-docs, galaxy-importer)" ensure_tools_venv
    else
      step "setup: venv ansible-core ${spec%%:*} (py${spec##*:})" ensure_core_venv "${spec%%:*}" "${spec##*:}"
      venvs+=("$(venv_dir "core-${spec%%:*}-py${spec##*:}")")
    fi
  done
  [ "${#venvs[@]}" -gt 0 ] && install_get_pip_standins "${venvs[@]}"
  step "setup: work tree ${WORK_COLL#"$REPO_ROOT"/}" make_work_tree
}

at() {  # at CORE PY(venv) ARGS...: ansible-test from the core CORE venv
  local core="$1" py="$2"; shift 2
  ansible_test "core-$core-py$py" "$@"
}

# --------------------------------------------------------------------------------------------
cd "$REPO_ROOT" || exit 1
log "exotel.trunking test pipeline: mode=$MODE repo=$REPO_ROOT"
log "cache=$CACHE_DIR build=$BUILD_DIR"

case "$MODE" in
  all)
    PREFIX=make-test
    setup tools "$CORE_218:3.11" "$CORE_219:3.11" "$CORE_221:3.13"
    step "sanity ignore files are empty" check_sanity_ignores
    step "shellcheck (hacking/, .ci/run)" run_shellcheck
    step "ansible-lint --profile production (offline)" run_ansible_lint
    step "antsibull-docs lint-collection-docs --plugin-docs" run_antsibull_docs_lint
    step "galaxy build" galaxy_build
    step "galaxy install" galaxy_install
    step "galaxy-importer" galaxy_importer
    step "sanity core $CORE_219 (py3.8-3.13)" at "$CORE_219" 3.11 sanity --venv
    step "sanity core $CORE_221 py3.13" at "$CORE_221" 3.13 sanity --venv --python 3.13
    step "units core $CORE_218 py3.11" at "$CORE_218" 3.11 units --venv --python 3.11
    step "units core $CORE_219 py3.12" at "$CORE_219" 3.11 units --venv --python 3.12
    step "units core $CORE_221 py3.13" at "$CORE_221" 3.13 units --venv --python 3.13
    step "integration core $CORE_218 py3.11" at "$CORE_218" 3.11 integration --venv --python 3.11
    step "integration core $CORE_219 py3.12" at "$CORE_219" 3.11 integration --venv --python 3.12
    step "integration core $CORE_221 py3.13" at "$CORE_221" 3.13 integration --venv --python 3.13
    ;;
  sanity)
    PREFIX=make-sanity
    setup "$CORE_219:3.11"
    step "sanity ignore files are empty" check_sanity_ignores
    step "sanity core $CORE_219 py3.11" at "$CORE_219" 3.11 sanity --venv --python 3.11 "${EXTRA[@]}"
    ;;
  units)
    PREFIX=make-units
    setup "$CORE_219:3.11"
    step "units core $CORE_219 py3.11" at "$CORE_219" 3.11 units --venv --python 3.11 "${EXTRA[@]}"
    ;;
  integration)
    PREFIX=make-integration
    setup "$CORE_219:3.11"
    step "integration core $CORE_219 py3.11" at "$CORE_219" 3.11 integration --venv --python 3.11 "${EXTRA[@]}"
    ;;
  lint)
    PREFIX=make-lint
    setup tools
    step "sanity ignore files are empty" check_sanity_ignores
    step "shellcheck (hacking/, .ci/run)" run_shellcheck
    step "ansible-lint --profile production (offline)" run_ansible_lint
    step "antsibull-docs lint-collection-docs --plugin-docs" run_antsibull_docs_lint
    ;;
  build)
    PREFIX=make-build
    setup tools
    step "galaxy build" galaxy_build
    step "galaxy install" galaxy_install
    step "galaxy-importer" galaxy_importer
    ;;
  *)
    die "unknown mode '$MODE' (all|sanity|units|integration|lint|build)"
    ;;
esac

summary "$PREFIX"
