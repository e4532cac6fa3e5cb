#!/usr/bin/env bash
# Fault matrix: playbook-level, at -vvvv, against a plain and a TLS emulator.
# The secrets come from the environment (see ../setup_reliability/lib.sh), never from a command line.
set -eux

# shellcheck source=../setup_reliability/lib.sh
source ../setup_reliability/lib.sh
rel_init

command -v openssl
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "${REL_TMP}/tls.key" -out "${REL_TMP}/tls.crt" 2>/dev/null

rel_start_emulator plain
PLAIN_URL=${REL_URL}
rel_start_emulator tls --tls-cert "${REL_TMP}/tls.crt" --tls-key "${REL_TMP}/tls.key"
TLS_URL=${REL_URL}
# A loopback port that nothing listens on: bind, read the port, close.
CLOSED_PORT=$("${REL_PY}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

printf 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n' >"${REL_TMP}/inventory"

rel_playbook "${REL_TMP}/faults" -i "${REL_TMP}/inventory" faults.yml \
    -e "rel_url=${PLAIN_URL} rel_tls_url=${TLS_URL} rel_closed_url=http://127.0.0.1:${CLOSED_PORT}"
grep -E 'fault matrix: [0-9]+ rows passed' "${REL_TMP}/faults.stdout" | tail -n 1
rel_scan "${REL_TMP}/faults.stdout" "${REL_TMP}/faults.stderr"
