#!/usr/bin/env bash
# Bad-input matrix across every module, at -vvvv: each case fails before any request.
set -eux

# shellcheck source=../setup_reliability/lib.sh
source ../setup_reliability/lib.sh
rel_init
rel_start_emulator plain

printf 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n' >"${REL_TMP}/inventory"

rel_playbook "${REL_TMP}/bad_input" -i "${REL_TMP}/inventory" bad_input.yml -e "rel_url=${REL_URL}"
grep -E 'bad-input matrix: [0-9]+ cases' "${REL_TMP}/bad_input.stdout" | tail -n 1
rel_scan "${REL_TMP}/bad_input.stdout" "${REL_TMP}/bad_input.stderr"
