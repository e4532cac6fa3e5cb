#!/usr/bin/env bash
# `make demo`: build and install the collection privately, start the API emulator on a free
# loopback port, and run examples/demo.yml against it several times, the last run being a repeat
# that must report changed=0.  Does its own set-up (pinned venv: ansible-core 2.19 + requests).
#
# Environment:
#   DEMO_MODES  the demo_mode of each run (default "pstn flow flow": map in pstn mode, switch to
#               flow, then repeat; the last run must be idempotent).  DEMO_MODES="" runs the
#               playbook twice without setting demo_mode.
#   DEMO_PLAYBOOK  playbook to run (default examples/demo.yml)
set -uo pipefail

{ # the whole script is one compound command: bash parses it all before running it


# shellcheck source=hacking/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DIR="$BUILD_DIR/demo"
WORK_ROOT="$DEMO_DIR/work"
WORK_COLL="$WORK_ROOT/ansible_collections/$COLL_NS/$COLL_NAME"
DEMO_COLLECTIONS="$DEMO_DIR/collections"
DEMO_PLAYBOOK="${DEMO_PLAYBOOK:-examples/demo.yml}"
read -r -a MODES <<< "${DEMO_MODES-pstn flow flow}"
EMU_PID=""

cd "$REPO_ROOT" || exit 1
mkdir -p "$DEMO_DIR"
exec 8>"$DEMO_DIR/.demo.lock"
if command -v flock >/dev/null 2>&1 && ! flock -n 8; then
  log "another demo is running in $DEMO_DIR; waiting for it to finish"
  flock 8
fi
[ -f "$DEMO_PLAYBOOK" ] || die "$DEMO_PLAYBOOK does not exist"
[ -f tests/emulator/exotel_emulator.py ] || die "tests/emulator/exotel_emulator.py does not exist"

stop_emulator() {
  if [ -n "$EMU_PID" ] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill -TERM "$EMU_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.1; done
    log "emulator (pid $EMU_PID) stopped"
  fi
  EMU_PID=""
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

log "=== set-up"
setup_python_links
ensure_core_venv "$CORE_219" 3.11 || die "could not create the ansible-core $CORE_219 venv"
VENV="$(venv_dir "core-$CORE_219-py3.11")"
export PATH="$VENV/bin:$PATH"

make_work_tree || die "could not copy the collection"
rm -rf "$DEMO_DIR/dist" "$DEMO_COLLECTIONS"
(cd "$WORK_COLL" && ansible-galaxy collection build --force --output-path "$DEMO_DIR/dist" .) >/dev/null ||
  die "ansible-galaxy collection build failed"
ansible-galaxy collection install --force -p "$DEMO_COLLECTIONS" "$DEMO_DIR/dist/$COLL_NS-$COLL_NAME-$COLL_VERSION.tar.gz" ||
  die "ansible-galaxy collection install failed"

log ""
log "=== emulator"
rm -f "$DEMO_DIR/emulator.port" "$DEMO_DIR/emulator.pid"
"$VENV/bin/python" tests/emulator/exotel_emulator.py --host 127.0.0.1 --port 0 \
  --port-file "$DEMO_DIR/emulator.port" --pid-file "$DEMO_DIR/emulator.pid" \
  --log-file "$DEMO_DIR/emulator.log" --daemonize --max-lifetime 1800 || die "the emulator did not start (see $DEMO_DIR/emulator.log)"
for _ in $(seq 100); do [ -s "$DEMO_DIR/emulator.port" ] && break; sleep 0.1; done
[ -s "$DEMO_DIR/emulator.port" ] || die "the emulator wrote no port file (see $DEMO_DIR/emulator.log)"
EMU_PID="$(tr -d '[:space:]' < "$DEMO_DIR/emulator.pid")"
EMU_URL="http://127.0.0.1:$(tr -d '[:space:]' < "$DEMO_DIR/emulator.port")"
log "emulator: $EMU_URL (pid $EMU_PID, log $DEMO_DIR/emulator.log)"

control() {  # control METHOD PATH [JSON]: call the emulator's control API, print the response
  "$VENV/bin/python" - "$EMU_URL/_emulator$2" "$1" "${3:-}" <<'PYEOF'
import sys, urllib.request
url, method, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=10) as resp:
    print(resp.read().decode())
PYEOF
}
control POST /reset >/dev/null || die "emulator reset failed"

EXTRA_VARS=()
if [ ! -f "$WORK_COLL/plugins/modules/exotel_trunk.py" ]; then
  # No module manages trunks yet: seed one through the control API.
  seed="$(control POST /seed '{"trunks":[{"trunk_name":"demo_trunk"}]}')" || die "seeding the demo trunk failed"
  sid="$("$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["trunks"][0]["trunk_sid"])' <<< "$seed")"
  log "seeded trunk demo_trunk: $sid"
  EXTRA_VARS+=(-e "demo_trunk_sid=$sid")
fi

export ANSIBLE_COLLECTIONS_PATH="$DEMO_COLLECTIONS" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export EXOTEL_ACCOUNT_SID=exotel_test EXOTEL_API_KEY=emulator_key
export EXOTEL_API_TOKEN=emulator_token_s3cr3t EXOTEL_API_URL="$EMU_URL"

[ "${#MODES[@]}" -gt 0 ] || MODES=("" "")
RECAPS=()
n=0
rc=0
for mode in "${MODES[@]}"; do
  n=$((n + 1))
  args=("${EXTRA_VARS[@]}")
  label="run $n"
  if [ -n "$mode" ]; then args+=(-e "demo_mode=$mode"); label="run $n (demo_mode=$mode)"; fi
  log ""
  log "=== $label: ansible-playbook $DEMO_PLAYBOOK ${args[*]}"
  out="$DEMO_DIR/run-$n.log"
  ansible-playbook "$DEMO_PLAYBOOK" "${args[@]}" 2>&1 | tee "$out"
  prc=${PIPESTATUS[0]}
  [ "$prc" -eq 0 ] || { log "$label FAILED (exit $prc)"; rc=1; }
  RECAPS+=("$label: $(grep -E '^localhost[[:space:]]+:' "$out" | tr -s ' ' || echo 'no PLAY RECAP')")
done
stop_emulator

log ""
log "=== PLAY RECAP of each run"
printf '  %s\n' "${RECAPS[@]}"
last="${RECAPS[${#RECAPS[@]}-1]}"
if [[ "$last" != *" changed=0 "* ]]; then
  log "demo FAILED: the last run (a repeat of the previous one) must report changed=0"
  rc=1
fi
if [[ "$last" != *" failed=0 "* ]]; then rc=1; fi
if [ "$rc" -eq 0 ]; then log "demo OK: the repeat run changed nothing"; fi
exit "$rc"
}
