#!/usr/bin/env bash
# The two execution paths side by side: paths.yml (every module; check mode, diff, loops, failures,
# the task's environment, module_defaults of the action group, masked secrets) runs in-process, on the
# module path forced by EXOTEL_TRUNKING_IN_PROCESS=false, and on the module path forced by the
# exotel_trunking_in_process variable, each against a fresh emulator. The registered results must be
# the same, the -vvvv output must show the path each task took and no secret at all.
set -eux

# shellcheck source=../setup_reliability/lib.sh
source ../setup_reliability/lib.sh
rel_init
rel_start_emulator plain
export EXOTEL_API_URL="${REL_URL}" ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1

paths() {
    "${REL_PY}" paths.py "$@"
}

run_paths() {
    # run_paths NAME IN_PROCESS_ENV [ansible-playbook args]
    local name=$1 switch=$2
    shift 2
    paths reset
    EXOTEL_TRUNKING_IN_PROCESS=${switch} rel_playbook "${REL_TMP}/${name}" paths.yml -e "results_file=${REL_TMP}/${name}.json" "$@"
    paths check "${REL_TMP}/${name}.json"
}

run_paths in_process true
run_paths module_env false
run_paths module_var true -e exotel_trunking_in_process=false

paths same "${REL_TMP}/in_process.json" "${REL_TMP}/module_env.json"
paths same "${REL_TMP}/in_process.json" "${REL_TMP}/module_var.json"

# The path each task took, as -vvv and above show it
grep -q 'exotel.trunking: exotel.trunking.exotel_trunks runs in-process on the controller' "${REL_TMP}/in_process.stdout"
if grep -F 'runs as a module' "${REL_TMP}/in_process.stdout"; then
    echo "a task of the in-process run took the module path" >&2
    exit 1
fi
grep -q 'exotel.trunking.exotel_trunks runs as a module (EXOTEL_TRUNKING_IN_PROCESS=false in the environment)' "${REL_TMP}/module_env.stdout"
grep -q 'exotel.trunking.exotel_trunks runs as a module (exotel_trunking_in_process is false)' "${REL_TMP}/module_var.stdout"
if grep -F 'runs in-process' "${REL_TMP}/module_env.stdout" "${REL_TMP}/module_var.stdout"; then
    echo "a task of a module-path run ran in-process" >&2
    exit 1
fi

# In-process runs in the controller's Python: an ansible_python_interpreter that does not exist is
# not used there, while the module path needs it.
EXOTEL_TRUNKING_IN_PROCESS=true rel_playbook "${REL_TMP}/interp_in_process" probe.yml --tags plain \
    -e ansible_python_interpreter=/nonexistent/python
if EXOTEL_TRUNKING_IN_PROCESS=false rel_playbook "${REL_TMP}/interp_module" probe.yml --tags plain \
    -e ansible_python_interpreter=/nonexistent/python; then
    echo "the module path ran without the interpreter it was given" >&2
    exit 1
fi
grep -q '/nonexistent/python' "${REL_TMP}/interp_module.stdout"

# An async task takes the module path, and a bad switch value fails naming the variable and the value
# (the async job files go to the private temp dir: under ansible-test, ~ of the worker and of async_status differ)
ANSIBLE_ASYNC_DIR="${REL_TMP}/async_jobs" EXOTEL_TRUNKING_IN_PROCESS=true rel_playbook "${REL_TMP}/async" probe.yml --tags async
grep -q 'runs as a module (the task is async)' "${REL_TMP}/async.stdout"
paths reset
if rel_playbook "${REL_TMP}/bad_switch" probe.yml --tags plain -e exotel_trunking_in_process=sometimes; then
    echo "a bad exotel_trunking_in_process value was accepted" >&2
    exit 1
fi
grep -q "the variable exotel_trunking_in_process must be a boolean (true or false), got 'sometimes'" "${REL_TMP}/bad_switch.stdout"

# No secret anywhere
rel_scan "${REL_TMP}"/*.stdout "${REL_TMP}"/*.stderr "${REL_TMP}"/*.json
