# shellcheck shell=bash
# shellcheck disable=SC2034  # variables defined here are used by the scripts that source this file
# Shared helpers for hacking/test.sh and hacking/demo.sh (sourced, not executed).
#
# Everything here works offline (only PyPI needed) and is harmless with full internet access:
#   * a directory of real pythonX.Y symlinks, put first on PATH (pyenv shims of non-global
#     versions exit 127, and ansible-test drops PYENV_VERSION);
#   * stand-ins for ansible-test's get-pip bootstrap scripts (normally downloaded from
#     ci-files.testing.ansible.com), written only when missing;
#   * venvs with pinned tool versions, re-used while their marker file matches;
#   * a copy of the repo at .../ansible_collections/<ns>/<name> (ansible-test needs a real
#     directory there; a symlink does not work).

# ---------------------------------------------------------------------------------------------
# Locations and pins
# ---------------------------------------------------------------------------------------------
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${EXOTEL_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exotel-trunking-ci}"
BUILD_DIR="${EXOTEL_CI_BUILD:-$REPO_ROOT/.build}"
# ansible-test keeps its per-test venvs and get-pip cache under ~/.ansible/test; we point HOME
# at a directory inside the cache so that everything lives under CACHE_DIR.
AT_HOME="$CACHE_DIR/ansible-test-home"
PY_LINKS="$CACHE_DIR/bin"
STEP_TIMEOUT="${STEP_TIMEOUT:-1800}"

CORE_218="2.18.19"
CORE_219="2.19.14"
CORE_221="2.21.5"
ANSIBLE_LINT_PIN="ansible-lint==26.10.1"
ANTSIBULL_DOCS_PIN="antsibull-docs==2.28.0"
GALAXY_IMPORTER_PIN="galaxy-importer==0.4.44"

COLL_NS="$(sed -n 's/^namespace:[[:space:]]*//p' "$REPO_ROOT/galaxy.yml" | tr -d "\"' \r")"
COLL_NAME="$(sed -n 's/^name:[[:space:]]*//p' "$REPO_ROOT/galaxy.yml" | tr -d "\"' \r")"
COLL_VERSION="$(sed -n 's/^version:[[:space:]]*//p' "$REPO_ROOT/galaxy.yml" | tr -d "\"' \r")"
WORK_ROOT="$BUILD_DIR/work"                              # goes on ANSIBLE_COLLECTIONS_PATH
WORK_COLL="$WORK_ROOT/ansible_collections/$COLL_NS/$COLL_NAME"
DIST_DIR="$BUILD_DIR/dist"
INSTALL_ROOT="$BUILD_DIR/installed"                      # ansible-galaxy collection install -p
TARBALL="$DIST_DIR/$COLL_NS-$COLL_NAME-$COLL_VERSION.tar.gz"

export PIP_CACHE_DIR="$CACHE_DIR/pip"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PY_COLORS=0

log() { printf '%s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Python interpreters
# ---------------------------------------------------------------------------------------------
# setup_python_links: fill $PY_LINKS with pythonX.Y -> real interpreter, put it first on PATH.
setup_python_links() {
  local v cand exe
  mkdir -p "$PY_LINKS"
  for v in 3.8 3.9 3.10 3.11 3.12 3.13 3.14; do
    exe=""
    # newest patch release first; then system locations; then whatever PATH has (if it runs)
    while IFS= read -r cand; do
      [ -n "$cand" ] || continue
      if [ -x "$cand" ] && "$cand" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        exe="$cand"; break
      fi
    done < <(
      # shellcheck disable=SC2012  # plain version-sorted listing of a few well-known paths
      ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$v".*/bin/"python$v" 2>/dev/null | sort -rV
      printf '%s\n' "/usr/local/bin/python$v" "/usr/bin/python$v"
      type -P "python$v" || true
    )
    if [ -n "$exe" ]; then
      ln -sfn "$(readlink -f "$exe")" "$PY_LINKS/python$v"
    else
      rm -f "$PY_LINKS/python$v"
    fi
  done
  case ":$PATH:" in
    *":$PY_LINKS:"*) ;;
    *) export PATH="$PY_LINKS:$PATH" ;;
  esac
}

# python_for X.Y: print the interpreter path for version X.Y, or fail.
python_for() {
  [ -x "$PY_LINKS/python$1" ] || { log "python$1 not found (looked in pyenv, /usr/local/bin, /usr/bin, PATH)" >&2; return 1; }
  printf '%s\n' "$PY_LINKS/python$1"
}

# ---------------------------------------------------------------------------------------------
# venvs
# ---------------------------------------------------------------------------------------------
# venv_dir NAME: where venv NAME lives.
venv_dir() { printf '%s\n' "$CACHE_DIR/venv/$1"; }

# ensure_venv NAME X.Y PKG...: create/refresh venv NAME on python X.Y with exactly these
# requirement specs; re-used as long as the marker (interpreter + specs) matches.
ensure_venv() {
  local name="$1" pyver="$2"; shift 2
  local dir py want lock rc
  dir="$(venv_dir "$name")"
  py="$(python_for "$pyver")" || return 1
  want="$(readlink -f "$py") $*"
  mkdir -p "$CACHE_DIR/venv" "$CACHE_DIR/locks"
  lock="$CACHE_DIR/locks/venv-$name.lock"
  (
    # serialise concurrent runs (several checkouts may share the cache)
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    if [ -f "$dir/.exotel-ci-marker" ] && [ "$(cat "$dir/.exotel-ci-marker")" = "$want" ] \
       && [ -x "$dir/bin/python" ]; then
      log "venv $name: up to date ($*)"
      exit 0
    fi
    log "venv $name: creating on python $pyver: $*"
    rm -rf "$dir"
    if "$py" -m venv "$dir" && pip_quiet "$dir/bin/python" -m pip install -q "$@"; then
      printf '%s\n' "$want" > "$dir/.exotel-ci-marker"
    else
      rm -rf "$dir"
      exit 1
    fi
  ) 9>"$lock"
  rc=$?
  return "$rc"
}

# pip_quiet CMD...: run CMD, dropping pip's noise about missing local index directories
# (some hosts configure file:// extra indexes that only hold a few projects).
pip_quiet() {
  "$@" 2>&1 | grep -v "is ignored: it is neither a file nor a directory"
  return "${PIPESTATUS[0]}"
}

# Venvs used by the test steps.  core-* venvs also carry requests (make demo uses core-2.19).
ensure_tools_venv() {
  ensure_venv tools 3.11 "ansible-core==$CORE_219" "$ANSIBLE_LINT_PIN" "$ANTSIBULL_DOCS_PIN" "$GALAXY_IMPORTER_PIN"
}
ensure_core_venv() {  # ensure_core_venv CORE_VERSION X.Y
  ensure_venv "core-$1-py$2" "$2" "ansible-core==$1" requests
}

# ---------------------------------------------------------------------------------------------
# ansible-test bootstrap stand-ins
# ---------------------------------------------------------------------------------------------
# install_get_pip_standins VENV_DIR...: for every pip version the ansible-test in these venvs
# bootstraps, write ~/.ansible/test/cache/get_pip_<ver>.py (for both $AT_HOME and the real
# $HOME, see ansible_test below) unless it already exists.
# The stand-in runs ensurepip and then pip-installs the requested pip from PyPI.
install_get_pip_standins() {
  local venv req pv dest home
  for home in "$AT_HOME" "$HOME"; do
    mkdir -p "$home/.ansible/test/cache"
    for venv in "$@"; do
      for req in "$venv"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py; do
        [ -f "$req" ] || continue
        while IFS= read -r pv; do
          dest="$home/.ansible/test/cache/get_pip_${pv//./_}.py"
          [ -s "$dest" ] && continue
          log "writing get-pip $pv stand-in: $dest"
          cat > "$dest" <<PYEOF
# Offline stand-in for get-pip-$pv.py (written by exotel.trunking hacking/lib.sh).
# ansible-test downloads get-pip from ci-files.testing.ansible.com, unreachable on some CI hosts.
import subprocess
import sys
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check'] + args)
PYEOF
        done < <(grep -oE "pip='[0-9.]+'" "$req" | grep -oE '[0-9.]+' | sort -u)
      done
    done
  done
}

# ansible_test CORE_VENV_NAME ARGS...: run that venv's ansible-test inside the work tree,
# with the python symlink dir first on PATH.  sanity and units run with HOME=$AT_HOME so that
# ansible-test's per-test venvs (~/.ansible/test/venv, ~150 MB per core version) stay in the
# cache dir.  integration keeps the real HOME: playbooks must see the user's real home (e.g.
# async tasks: the controller expands ~<user> from passwd, the module uses $HOME).
ansible_test() {
  local venv home="$AT_HOME"
  venv="$(venv_dir "$1")"; shift
  if [ "$1" = integration ]; then
    home="$HOME"
    # Speed: if the collection has no tests/integration/integration.cfg (the ansible config that
    # ansible-test hands to ansible-playbook), use one with pipelining on, in the work tree only
    # (after the galaxy build).  With the local connection this saves about a third of the
    # per-task overhead (measured: 47 s -> 31 s for a 100-task target).
    if [ "${EXOTEL_CI_PIPELINING:-1}" = 1 ] && [ -d "$WORK_COLL/tests/integration" ] &&
       [ ! -e "$WORK_COLL/tests/integration/integration.cfg" ]; then
      printf '# written by hacking/lib.sh into the work tree only\n[connection]\npipelining = True\n' \
        > "$WORK_COLL/tests/integration/integration.cfg"
    fi
  fi
  (cd "$WORK_COLL" && HOME="$home" PATH="$venv/bin:$PATH" "$venv/bin/ansible-test" "$@" --color no)
}

# ---------------------------------------------------------------------------------------------
# Work tree
# ---------------------------------------------------------------------------------------------
# make_work_tree: (re)create $WORK_COLL as a copy of the files git would see
# (tracked + untracked-but-not-ignored; files deleted in the checkout are skipped).
make_work_tree() {
  local f
  rm -rf "$WORK_ROOT"
  mkdir -p "$WORK_COLL"
  if git -C "$REPO_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (
      cd "$REPO_ROOT" &&
      git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do
          if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
        done | tar --null -T - -cf -
    ) | tar -xf - -C "$WORK_COLL" || return 1
  else
    log "not a git checkout: copying the tree minus build/cache dirs"
    tar -C "$REPO_ROOT" --exclude=./.git --exclude=./.build --exclude=./tests/output \
      --exclude=./.ansible --exclude=./.cache --exclude=./.tox --exclude='./.venv*' \
      --exclude=__pycache__ -cf - . | tar -xf - -C "$WORK_COLL" || return 1
  fi
  # ansible-test lists content with `git ls-files` from the nearest .git above the collection.
  # Without a repo of its own, a work tree under .build/ would resolve to the checkout, whose
  # .gitignore hides .build/, and ansible-test would see no files at all ("All targets skipped").
  if command -v git >/dev/null 2>&1; then
    git -C "$WORK_COLL" init -q || return 1
  fi
  log "work tree: $WORK_COLL ($(find "$WORK_COLL" -path "$WORK_COLL/.git" -prune -o -type f -print | wc -l) files)"
}

# ---------------------------------------------------------------------------------------------
# Step runner
# ---------------------------------------------------------------------------------------------
STEPS_PASSED=0
STEPS_FAILED=0
STEP_FAILED_NAMES=()
STEP_REPORT=()

# step NAME CMD...: run CMD (shell function or program), count and time it.
step() {
  local name="$1"; shift
  local t0=$SECONDS rc=0 secs
  log ""
  log "=== [$name] $(date '+%H:%M:%S') $*"
  if declare -F "$1" >/dev/null; then
    ( "$@" ) </dev/null || rc=$?
  else
    timeout "$STEP_TIMEOUT" "$@" </dev/null || rc=$?
  fi
  secs=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then
    STEPS_PASSED=$((STEPS_PASSED + 1))
    STEP_REPORT+=("PASS  $(printf '%4ss' "$secs")  $name")
    log "=== [$name] PASS (${secs}s)"
  else
    STEPS_FAILED=$((STEPS_FAILED + 1))
    STEP_FAILED_NAMES+=("$name")
    STEP_REPORT+=("FAIL  $(printf '%4ss' "$secs")  $name (exit $rc)")
    log "=== [$name] FAIL (exit $rc, ${secs}s)"
  fi
  return 0
}

# summary PREFIX: print the step table, the failed steps and, as the very last line,
# "PREFIX: N passed, M failed".  Returns 1 if any step failed.
summary() {
  local prefix="$1" line
  log ""
  log "=== summary (${SECONDS}s total)"
  for line in "${STEP_REPORT[@]}"; do log "  $line"; done
  if [ "$STEPS_FAILED" -gt 0 ]; then
    log "failed steps:"
    for line in "${STEP_FAILED_NAMES[@]}"; do log "  - $line"; done
  fi
  log "$prefix: $STEPS_PASSED passed, $STEPS_FAILED failed"
  [ "$STEPS_FAILED" -eq 0 ]
}
