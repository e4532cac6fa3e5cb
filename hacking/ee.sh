#!/usr/bin/env bash
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Execution-environment checks for exotel.trunking (no container engine needed):
#   introspect  `ansible-builder introspect --sanitize` on an installed copy of the collection must
#               report exactly the collection's Python requirement (from meta/execution-environment.yml
#               -> requirements.txt) and no system packages (there is no bindep.txt);
#   create      `ansible-builder create` on docs/execution-environment.yml (schema version 3) must
#               write a build context whose galaxy requirements install exotel.trunking.
# `ansible-builder build` needs podman or docker and a reachable image registry, so it is not run.
#
# usage: hacking/ee.sh introspect|create|all BUILDER_VENV COLLECTIONS_DIR [OUT_DIR]
#   BUILDER_VENV     venv with ansible-builder (==3.2.0) installed
#   COLLECTIONS_DIR  directory that contains ansible_collections/exotel/trunking
#   OUT_DIR          where the build context goes (default: a temporary directory, removed afterwards)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:?usage: hacking/ee.sh introspect|create|all BUILDER_VENV COLLECTIONS_DIR [OUT_DIR]}"
VENV="${2:?missing BUILDER_VENV}"
COLLECTIONS_DIR="${3:?missing COLLECTIONS_DIR}"
OUT_DIR="${4:-}"
BUILDER="$VENV/bin/ansible-builder"
COLL="$COLLECTIONS_DIR/ansible_collections/exotel/trunking"

log() { printf 'ee: %s\n' "$*"; }
fail() { printf 'ee: FAILED: %s\n' "$*" >&2; exit 1; }

[ -x "$BUILDER" ] || fail "$BUILDER not found"
[ -d "$COLL" ] || fail "no ansible_collections/exotel/trunking under $COLLECTIONS_DIR"

introspect() {
  local out want
  # The collection's requirements file, minus comments and blank lines, is what introspect must report.
  want="$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$COLL/requirements.txt")"
  [ -n "$want" ] || fail "requirements.txt is empty"
  grep -qE '^version:[[:space:]]*1[[:space:]]*$' "$COLL/meta/execution-environment.yml" ||
    fail "meta/execution-environment.yml is not version 1"
  grep -qE '^[[:space:]]+python:[[:space:]]*requirements\.txt[[:space:]]*$' "$COLL/meta/execution-environment.yml" ||
    fail "meta/execution-environment.yml does not point python at requirements.txt"
  if grep -nE '(==|<|~=|!=)' <<<"$want"; then fail "requirements.txt must hold lower bounds only (no pins, no upper bounds)"; fi
  out="$("$BUILDER" introspect --sanitize "$COLLECTIONS_DIR")"
  printf '%s\n' "$out"
  while IFS= read -r req; do
    grep -qF -- "'$req  # from collection exotel.trunking'" <<<"$out" || fail "introspect did not report '$req' from exotel.trunking"
  done <<<"$want"
  grep -qE '^system: \[\]$' <<<"$out" || fail "introspect reports system packages; none are expected (no bindep.txt)"
  log "introspect OK: $(tr '\n' ' ' <<<"$want")from exotel.trunking, no system packages"
}

create() {
  local dir="$OUT_DIR" tmp="" reqs
  if [ -z "$dir" ]; then tmp="$(mktemp -d)"; dir="$tmp/context"; fi
  rm -rf "$dir"
  (cd "$REPO_ROOT" && "$BUILDER" create -f docs/execution-environment.yml -c "$dir" --output-filename Containerfile -v 1)
  [ -s "$dir/Containerfile" ] || fail "no Containerfile in $dir"
  reqs="$dir/_build/requirements.yml"
  [ -s "$reqs" ] || fail "no galaxy requirements ($reqs) in the build context"
  grep -qE 'name:[[:space:]]*exotel\.trunking' "$reqs" || fail "$reqs does not install exotel.trunking"
  grep -q 'ansible-galaxy collection install' "$dir/Containerfile" || fail "the Containerfile does not install collections"
  grep -q 'introspect' "$dir/Containerfile" || fail "the Containerfile does not introspect collection requirements"
  log "create OK: $dir/Containerfile ($(wc -l <"$dir/Containerfile") lines), galaxy requirements: $(tr '\n' ' ' <"$reqs")"
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}

case "$MODE" in
  introspect) introspect ;;
  create) create ;;
  all) introspect && create ;;
  *) fail "unknown mode '$MODE' (introspect|create|all)" ;;
esac
