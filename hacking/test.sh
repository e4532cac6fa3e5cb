#!/usr/bin/env bash
# shellcheck disable=SC2317  # step bodies are called indirectly, through step()
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

# Run shellcheck on the toolchain's own bash, following sourced files (ansible-test's shellcheck
# sanity test covers every *.sh file, but not .ci/run, and does not follow `source`).
run_shellcheck() {
  local files=()
  command -v shellcheck >/dev/null || { log "shellcheck is not installed"; return 1; }
  mapfile -t files < <(cd "$WORK_COLL" && ls hacking/*.sh .ci/run 2>/dev/null)
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

# --- issue 7: execution environment, docs site, AWX-style ansible-runner job ----------------
ANSIBLE_BUILDER_PIN="ansible-builder==3.2.0"
ANSIBLE_RUNNER_PIN="ansible-runner==2.4.3"
ANTSIBULL_CHANGELOG_PIN="antsibull-changelog==0.36.0"
SPHINX_PINS=(sphinx==9.0.4 sphinx-ansible-theme==0.10.4 ansible-pygments==0.1.2)

ensure_ee_venv() {    # ansible-builder + ansible-runner (+ the ansible-core/requests the job runs on)
  ensure_venv ee 3.11 "ansible-core==$CORE_219" requests "$ANSIBLE_BUILDER_PIN" "$ANSIBLE_RUNNER_PIN"
}
ensure_docs_venv() {  # antsibull-docs + Sphinx (what `antsibull-docs sphinx-init` asks for) + antsibull-changelog
  ensure_venv docs 3.11 "ansible-core==$CORE_219" "$ANTSIBULL_DOCS_PIN" "$ANTSIBULL_CHANGELOG_PIN" "${SPHINX_PINS[@]}"
}
run_ee() {            # run_ee introspect|create: on the built+installed collection / docs/execution-environment.yml
  bash "$WORK_COLL/hacking/ee.sh" "$1" "$(venv_dir ee)" "$INSTALL_ROOT" "$BUILD_DIR/ee-context"
}
run_docs_build() {    # HTML site in $BUILD_DIR/docs/build/html; fails on any Sphinx warning
  bash "$WORK_COLL/hacking/docs.sh" "$(venv_dir docs)" "$WORK_ROOT" "$BUILD_DIR/docs"
}
run_changelog_lint() {
  (cd "$WORK_COLL" && PATH="$(venv_dir docs)/bin:$PATH" antsibull-changelog lint)
}
run_awx_job() {       # playbook through ansible-runner, credentials only in envvars, against the emulator
  "$(venv_dir ee)/bin/python" "$WORK_COLL/hacking/awx_runner_check.py" --collections-path "$INSTALL_ROOT"
}

# --- integration lanes ----------------------------------------------------------------------
# The three integration legs run at the same time, each in its own copy of the work tree
# (ansible-test writes tests/output/ inside the collection), started early so that they overlap
# with the lint, sanity and units steps: much of an integration run waits on Retry-After,
# timeouts and process start-up rather than on the CPU.  Each lane's output goes to
# $BUILD_DIR/integration-<lane>.log and is printed by its `lane_result` step.
# The main lane (ansible-core 2.19) runs every target. The 2.18 and 2.21 lanes run the targets
# whose outcome can depend on ansible-core: the core module and its bulk and trunk siblings
# (argument parsing, check/diff mode, results and warnings), and the bad-input matrix with its
# -vvvv secret scan (no_log handling and verbose output). The other targets exercise the same
# client and resource code as these and run on the main lane only, which keeps `make test`
# within its time budget.
CROSS_CORE_TARGETS=(emulator_smoke exotel_trunk_phone_number exotel_trunk_phone_numbers exotel_trunk reliability_bad_input)
# The 2.19 run is split in two lanes of about equal length: these targets, and all the others
# (so that a new target lands in the second lane by itself).
MAIN_A_TARGETS=(reliability_faults reliability_concurrency exotel_trunk_phone_number exotel_trunk_setting)

lane_start() {  # lane_start NAME CORE VENV_PY PY [ansible-test args...]
  local name="$1" core="$2" vpy="$3" py="$4"; shift 4
  local root="$BUILD_DIR/lane-$name" venv
  local coll="$root/ansible_collections/$COLL_NS/$COLL_NAME"
  local logf="$BUILD_DIR/integration-$name.log" rcf="$BUILD_DIR/integration-$name.rc"
  venv="$(venv_dir "core-$core-py$vpy")"
  rm -rf "$root" "$rcf" && mkdir -p "$(dirname "$coll")" && cp -a "$WORK_COLL" "$coll" || return 1
  if [ "${EXOTEL_CI_PIPELINING:-1}" = 1 ] && [ ! -e "$coll/tests/integration/integration.cfg" ]; then
    printf '# written by hacking/test.sh into the lane copy only\n[connection]\npipelining = True\n' \
      > "$coll/tests/integration/integration.cfg"
  fi
  # Detached from the step's subshell; the lane writes its exit code to $rcf when it ends.
  (
    cd "$coll" || { echo 1 > "$rcf"; exit 1; }
    SECONDS=0
    PATH="$venv/bin:$PATH" timeout "$STEP_TIMEOUT" "$venv/bin/ansible-test" integration --venv --python "$py" --color no --continue-on-error "$@"
    rc=$?
    echo "lane $name: exit $rc after ${SECONDS}s"
    echo "$rc" > "$rcf"
  ) > "$logf" 2>&1 </dev/null &
  log "started integration lane $name (core $core, python $py): $logf"
}

lane_result() {  # lane_result NAME: wait for the lane's exit code, print its log, pass/fail with it
  local name="$1" waited=0
  local logf="$BUILD_DIR/integration-$name.log" rcf="$BUILD_DIR/integration-$name.rc"
  [ -f "$logf" ] || { log "lane $name was not started"; return 1; }
  while [ ! -f "$rcf" ]; do
    if [ "$waited" -gt $((STEP_TIMEOUT + 120)) ]; then log "lane $name did not finish"; return 1; fi
    sleep 2; waited=$((waited + 2))
  done
  cat "$logf"
  return "$(cat "$rcf")"
}

# --------------------------------------------------------------------------------------------
# Everything runs from main(), so bash has parsed the whole script before it starts: editing or
# checking out this file during a run cannot break the run.
main() {
  local MODE="${1:-all}" PREFIX EXTRA
  [ $# -gt 0 ] && shift
  EXTRA=("$@")

  cd "$REPO_ROOT" || exit 1
  # One run at a time per build dir (the work tree is re-created by every run).
  mkdir -p "$BUILD_DIR"
  exec 8>"$BUILD_DIR/.test.lock"
  if command -v flock >/dev/null 2>&1 && ! flock -n 8; then
    log "another test run is using $BUILD_DIR; waiting for it to finish"
    flock 8
  fi
  log "exotel.trunking test pipeline: mode=$MODE repo=$REPO_ROOT"
  log "cache=$CACHE_DIR build=$BUILD_DIR"

  case "$MODE" in
    all)
      PREFIX=make-test
      setup tools "$CORE_218:3.11" "$CORE_219:3.11" "$CORE_221:3.13"
      step "setup: ee venv (ansible-builder, ansible-runner)" ensure_ee_venv
      step "setup: docs venv (antsibull-docs, Sphinx, antsibull-changelog)" ensure_docs_venv
      local excl=() t
      for t in "${MAIN_A_TARGETS[@]}"; do excl+=(--exclude "$t"); done
      step "start integration lane core $CORE_219 py3.12 (part 1)" lane_start main1 "$CORE_219" 3.11 3.12 "${MAIN_A_TARGETS[@]}"
      step "start integration lane core $CORE_219 py3.12 (part 2)" lane_start main2 "$CORE_219" 3.11 3.12 "${excl[@]}"
      step "start integration lane core $CORE_218 py3.11" lane_start old "$CORE_218" 3.11 3.11 "${CROSS_CORE_TARGETS[@]}"
      step "start integration lane core $CORE_221 py3.13" lane_start new "$CORE_221" 3.13 3.13 "${CROSS_CORE_TARGETS[@]}"
      step "sanity ignore files are empty" check_sanity_ignores
      step "shellcheck (hacking/, .ci/run)" run_shellcheck
      step "ansible-lint --profile production (offline)" run_ansible_lint
      step "antsibull-docs lint-collection-docs --plugin-docs" run_antsibull_docs_lint
      step "galaxy build" galaxy_build
      step "galaxy install" galaxy_install
      step "galaxy-importer" galaxy_importer
      step "antsibull-changelog lint" run_changelog_lint
      step "ansible-builder introspect (installed collection)" run_ee introspect
      step "ansible-builder create (docs/execution-environment.yml)" run_ee create
      step "docs site build (antsibull-docs + Sphinx, no warnings)" run_docs_build
      step "ansible-runner AWX-style job (credentials only in env vars)" run_awx_job
      step "sanity core $CORE_219 (py3.8-3.13)" at "$CORE_219" 3.11 sanity --venv
      step "sanity core $CORE_221 py3.13" at "$CORE_221" 3.13 sanity --venv --python 3.13
      step "units core $CORE_218 py3.11" at "$CORE_218" 3.11 units --venv --python 3.11
      step "units core $CORE_219 py3.12" at "$CORE_219" 3.11 units --venv --python 3.12
      step "units core $CORE_221 py3.13" at "$CORE_221" 3.13 units --venv --python 3.13
      step "integration core $CORE_219 py3.12 (${MAIN_A_TARGETS[*]})" lane_result main1
      step "integration core $CORE_219 py3.12 (all other targets)" lane_result main2
      step "integration core $CORE_218 py3.11 (${CROSS_CORE_TARGETS[*]})" lane_result old
      step "integration core $CORE_221 py3.13 (${CROSS_CORE_TARGETS[*]})" lane_result new
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
    docs)
      PREFIX=make-docs
      setup tools
      step "setup: docs venv (antsibull-docs, Sphinx, antsibull-changelog)" ensure_docs_venv
      step "docs site build (antsibull-docs + Sphinx, no warnings)" run_docs_build
      log "HTML: $BUILD_DIR/docs/build/html/index.html"
      ;;
    *)
      die "unknown mode '$MODE' (all|sanity|units|integration|lint|build|docs)"
      ;;
  esac

  summary "$PREFIX"
}

main "$@"
exit $?
