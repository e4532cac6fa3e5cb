# shellcheck shell=bash
# Shared by the reliability_* script targets (sourced from their runme.sh):
#   rel_init                      private temp dir, secrets in the environment, cleanup trap
#   rel_start_emulator NAME ARGS  start an emulator daemon; sets REL_URL (http or https)
#   rel_playbook LOG ARGS...      run ansible-playbook -vvvv, output to LOG.stdout / LOG.stderr
#   rel_scan FILES...             fail if a secret appears in any of the files
#
# The secrets are exported as environment variables and never appear in a command line, so
# `set -x` in runme.sh does not print them. The modules read the account from the environment
# (EXOTEL_ACCOUNT_SID / EXOTEL_API_KEY / EXOTEL_API_TOKEN fallbacks), so the token is in no task
# argument and no fact either: any occurrence in the -vvvv output is a leak.

REL_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

rel_python() {
    # The emulator needs only the standard library; prefer the interpreter ansible-test chose.
    if [ -n "${ANSIBLE_TEST_PYTHON_INTERPRETER:-}" ]; then
        printf '%s\n' "${ANSIBLE_TEST_PYTHON_INTERPRETER}"
    elif command -v python >/dev/null 2>&1; then
        command -v python
    else
        command -v python3
    fi
}

rel_find_emulator() {
    # ansible-test runs the target from a copy of tests/integration that lacks tests/emulator/,
    # but ANSIBLE_COLLECTIONS_PATH points at the collection under test (as in setup_emulator).
    local dir candidate
    local IFS=:
    for dir in ${ANSIBLE_COLLECTIONS_PATH:-} ${ANSIBLE_COLLECTIONS_PATHS:-}; do
        candidate="${dir%/}/ansible_collections/exotel/trunking/tests/emulator/exotel_emulator.py"
        if [ -f "$candidate" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    candidate="${REL_LIB_DIR}/../../../emulator/exotel_emulator.py"
    if [ -f "$candidate" ]; then
        printf '%s\n' "$candidate"
        return 0
    fi
    echo "exotel_emulator.py not found via ANSIBLE_COLLECTIONS_PATH or relative to ${REL_LIB_DIR}" >&2
    return 1
}

rel_export_secrets() {
    # xtrace off while the values are assigned, so runme.sh's `set -x` cannot print them.
    local had_x=0
    case $- in *x*) had_x=1 ;; esac
    { set +x; } 2>/dev/null
    export EXOTEL_ACCOUNT_SID=exotel_test
    export EXOTEL_API_KEY=emulator_key
    export EXOTEL_API_TOKEN=emulator_token_s3cr3t
    # base64("emulator_key:emulator_token_s3cr3t"), the Basic header value
    export REL_SECRET_BASIC=ZW11bGF0b3Jfa2V5OmVtdWxhdG9yX3Rva2VuX3MzY3IzdA==
    # credential passwords: a valid one, an invalid one, and one inside an api_url
    export REL_CRED_PASSWORD=Sip_pw_7c1a9e44
    export REL_BAD_PASSWORD=bad-pw-d41d8
    export REL_URL_PASSWORD=Url_pw_5f3b2a90
    export REL_SECRET_NAMES="EXOTEL_API_TOKEN REL_SECRET_BASIC REL_CRED_PASSWORD REL_BAD_PASSWORD REL_URL_PASSWORD"
    if [ "$had_x" = 1 ]; then set -x; fi
}

rel_cleanup() {
    local pidfile
    if [ -n "${REL_LOG_DIR:-}" ]; then
        mkdir -p "${REL_LOG_DIR}"
        cp "${REL_TMP}"/*.std* "${REL_LOG_DIR}/" 2>/dev/null || true
    fi
    for pidfile in "${REL_TMP}"/*/pid; do
        [ -f "$pidfile" ] || continue
        kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    sleep 0.2
    rm -rf "${REL_TMP}"
}

rel_init() {
    # under ansible-test, inside the target's output directory: nothing is written outside the test tree
    REL_TMP=$(mktemp -d "${OUTPUT_DIR:-${TMPDIR:-/tmp}}/exotel-rel-XXXXXX")
    REL_PY=$(rel_python)
    REL_EMULATOR=$(rel_find_emulator)
    export REL_TMP REL_PY
    rel_export_secrets
    trap rel_cleanup EXIT
}

rel_start_emulator() {
    local name=$1
    shift
    mkdir -p "${REL_TMP}/${name}"
    "${REL_PY}" "${REL_EMULATOR}" --host 127.0.0.1 --port 0 \
        --port-file "${REL_TMP}/${name}/port" --pid-file "${REL_TMP}/${name}/pid" \
        --log-file "${REL_TMP}/${name}/log" --daemonize --max-lifetime 1800 --quiet "$@"
    REL_PORT=$(cat "${REL_TMP}/${name}/port")
    REL_URL="http://127.0.0.1:${REL_PORT}"
    export REL_URL REL_PORT
    case " $* " in *" --tls-cert "*) REL_URL="https://127.0.0.1:${REL_PORT}" ;; esac
}

rel_playbook() {
    # rel_playbook LOG ansible-playbook-args...: -vvvv, output kept for the secret scan.
    local log=$1
    shift
    local rc=0
    ANSIBLE_ACTION_PLUGINS="${REL_LIB_DIR}/../setup_emulator/action_plugins" ansible-playbook -vvvv "$@" >"${log}.stdout" 2>"${log}.stderr" || rc=$?
    if [ "$rc" != 0 ]; then
        # Show the end of the run (the scan below still guards what is printed).
        rel_scan "${log}.stdout" "${log}.stderr" || true
        grep -E '^(TASK|fatal|failed|.*assert|.*msg)' "${log}.stdout" | tail -n 60 >&2 || true
        tail -n 80 "${log}.stdout" >&2
        tail -n 20 "${log}.stderr" >&2
    fi
    return "$rc"
}

rel_scan() {
    "${REL_PY}" "${REL_LIB_DIR}/scan_secrets.py" "$@"
}
