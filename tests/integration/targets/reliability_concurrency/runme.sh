#!/usr/bin/env bash
# Concurrency (10 hosts, forks 10) and convergence under random faults, at -vvvv.
set -eux

# shellcheck source=../setup_reliability/lib.sh
source ../setup_reliability/lib.sh
rel_init
rel_start_emulator plain

{
    printf '[exotel]\n'
    for i in 01 02 03 04 05 06 07 08 09 10; do
        printf 'h%s ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n' "$i"
    done
} >"${REL_TMP}/inventory"

rel_playbook "${REL_TMP}/concurrency" -i "${REL_TMP}/inventory" -f 10 concurrency.yml -e "rel_url=${REL_URL}"
grep -E 'concurrency: ' "${REL_TMP}/concurrency.stdout" | tail -n 1

# A fixed seed by default, so a failure can be replayed; REL_CONVERGE_SEED overrides it.
rel_playbook "${REL_TMP}/converge" -i "${REL_TMP}/inventory" converge.yml \
    -e "rel_url=${REL_URL} rel_seed=${REL_CONVERGE_SEED:-20260611}"
grep -E 'converge: ' "${REL_TMP}/converge.stdout" | tail -n 1

rel_scan "${REL_TMP}"/concurrency.std* "${REL_TMP}"/converge.std*
