#!/usr/bin/env bash
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the collection's HTML documentation site (antsibull-docs + Sphinx), offline, and fail on
# any Sphinx warning, on a module without a page, on a guide without a page, or on a guide whose
# :ref: cross-reference did not resolve.
#
# usage: hacking/docs.sh DOCS_VENV COLLECTIONS_DIR DEST_DIR
#   DOCS_VENV        venv with ansible-core and antsibull-docs (==2.28.0); the Sphinx packages that
#                    `antsibull-docs sphinx-init` asks for (sphinx, sphinx-ansible-theme, ansible-pygments)
#                    are pip-installed into it when missing
#   COLLECTIONS_DIR  directory that contains ansible_collections/exotel/trunking
#   DEST_DIR         build directory (re-created); the site ends up in DEST_DIR/build/html
#
# Offline workaround (see the toolchain notes): intersphinx would fetch the inventories of
# docs.python.org / docs.ansible.com, and the generated plugin pages refer to labels of the Ansible
# docsite; so conf.py gets `intersphinx_mapping = {}` and `suppress_warnings = ['ref.ref']`.
# Because that hides unresolved :ref: targets, this script checks the guides' references itself.
set -euo pipefail

VENV="${1:?usage: hacking/docs.sh DOCS_VENV COLLECTIONS_DIR DEST_DIR}"
COLLECTIONS_DIR="$(cd "${2:?missing COLLECTIONS_DIR}" && pwd)"
DEST="${3:?missing DEST_DIR}"
COLL="$COLLECTIONS_DIR/ansible_collections/exotel/trunking"

log() { printf 'docs: %s\n' "$*"; }
fail() { printf 'docs: FAILED: %s\n' "$*" >&2; exit 1; }

[ -x "$VENV/bin/antsibull-docs" ] || fail "$VENV/bin/antsibull-docs not found"
[ -d "$COLL" ] || fail "no ansible_collections/exotel/trunking under $COLLECTIONS_DIR"
export PATH="$VENV/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS_DIR"

rm -rf "$DEST"
mkdir -p "$DEST"
chmod 755 "$DEST"   # sphinx-init refuses a group- or world-writable directory
DEST="$(cd "$DEST" && pwd)"

antsibull-docs sphinx-init --use-current --squash-hierarchy --dest-dir "$DEST" exotel.trunking >/dev/null
printf '\n# Offline build (hacking/docs.sh)\nintersphinx_mapping = {}\nsuppress_warnings = ["ref.ref"]\n' >> "$DEST/conf.py"

if ! "$VENV/bin/python" -c 'import sphinx, sphinx_ansible_theme, ansible_pygments' 2>/dev/null; then
  log "installing the Sphinx requirements of sphinx-init into $VENV"
  "$VENV/bin/python" -m pip install -q -r "$DEST/requirements.txt"
fi

log "building in $DEST (log: $DEST/build.log)"
if ! "$DEST/build.sh" >"$DEST/build.log" 2>&1; then
  tail -n 40 "$DEST/build.log"
  fail "build.sh exited non-zero (sphinx-build -W: warnings are errors)"
fi
if grep -nE 'WARNING|ERROR|CRITICAL' "$DEST/build.log"; then
  fail "the build log has warnings or errors"
fi

HTML="$DEST/build/html"
missing=0
for mod in "$COLL"/plugins/modules/*.py; do
  name="$(basename "$mod" .py)"
  page="$HTML/${name}_module.html"
  if [ ! -s "$page" ] || ! grep -q 'Parameters' "$page"; then
    log "no rendered page for module $name ($page)"; missing=1
  fi
done
for guide in "$COLL"/docs/docsite/rst/*.rst; do
  name="$(basename "$guide" .rst)"
  page="$HTML/docsite/$name.html"
  if [ ! -s "$page" ]; then
    log "no rendered page for guide $name ($page)"; missing=1
  # a resolved :ref: renders as <a ...><span class="std std-ref">, an unresolved one as <span class="xref std std-ref">
  elif grep -q 'class="xref std std-ref"' "$page"; then
    log "guide $name has an unresolved :ref: target:"
    grep -oE '<span class="xref std std-ref">[^<]*' "$page" | sed 's/.*>/  /'
    missing=1
  fi
done
[ "$missing" -eq 0 ] || fail "pages missing or broken"

log "OK: $(find "$HTML" -name '*_module.html' | wc -l) module pages, $(find "$HTML/docsite" -name '*.html' | wc -l) guides, no warnings; open $HTML/index.html"
