#!/usr/bin/env bash
# The collection playbooks, run as a user runs them: `ansible-playbook exotel.trunking.export` and
# `ansible-playbook exotel.trunking.apply` at -vvvv against the emulator, from the collection under
# test and from a tarball built and installed from it. Checks the exported file, --check --diff
# and the drift failure, a real apply and its re-run (the request log shows what was written),
# and that no secret (API token, Basic header, SIP password) appears in any output or file.
set -eux

# shellcheck source=../setup_reliability/lib.sh
source ../setup_reliability/lib.sh
rel_init
rel_start_emulator plain
export EXOTEL_API_URL="${REL_URL}" ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1
TARGET_DIR=$(pwd)

emulator() {
    # emulator seed | emulator wire WRITES...: seed the account, or check the writes since the last call
    # ("METHOD collection", e.g. "POST trunks", "DELETE phone-numbers") and clear the request log.
    "${REL_PY}" "${TARGET_DIR}/emulator.py" "$@"
}

emulator seed
mkdir "${REL_TMP}/work"
cd "${REL_TMP}/work"

# 1. export: a relative path lands in the current directory; reads only
rel_playbook "${REL_TMP}/export" exotel.trunking.export -e exotel_export_path=trunks.yml
test -s trunks.yml
emulator wire
emulator check-export trunks.yml

# 2. the export fed back with overridden, --check --diff, failing on drift: there is none
rel_playbook "${REL_TMP}/apply_same" exotel.trunking.apply -e @trunks.yml -e exotel_trunks_state=overridden \
    -e exotel_trunks_fail_on_drift=true --check --diff
grep -F 'No change: the account is as listed' "${REL_TMP}/apply_same.stdout"
emulator wire

# 3. an edited file (a new trunk whose password comes from a lookup, a number moved from beta to
#    alpha): --check --diff with exotel_trunks_fail_on_drift reports the drift and fails, writing nothing
emulator edit trunks.yml edited.yml
if rel_playbook "${REL_TMP}/apply_drift" exotel.trunking.apply -e @edited.yml -e exotel_trunks_state=overridden \
    -e exotel_trunks_fail_on_drift=true --check --diff; then
    echo "the drift check passed, but the file differs from the account" >&2
    exit 1
fi
grep -F 'Drift: 4 change(s) would bring the account to the listed state' "${REL_TMP}/apply_drift.stdout"
grep -F '"beta: delete phone_number +919300000003"' "${REL_TMP}/apply_drift.stdout"
grep -F '"gamma: create credential gamma_sip"' "${REL_TMP}/apply_drift.stdout"
emulator wire

# 4. apply it for real (unmapped from beta before mapped to alpha), then again: nothing to do
rel_playbook "${REL_TMP}/apply_edit" exotel.trunking.apply -e @edited.yml -e exotel_trunks_state=overridden --diff
grep -F '"alpha: create phone_number +919300000003"' "${REL_TMP}/apply_edit.stdout"
emulator wire "DELETE phone-numbers" "POST phone-numbers" "POST trunks" "POST credentials"
rel_playbook "${REL_TMP}/apply_again" exotel.trunking.apply -e @edited.yml -e exotel_trunks_state=overridden
grep -F 'No change: the account is as listed' "${REL_TMP}/apply_again.stdout"
emulator wire

# 5. the playbooks resolve from an installed collection too (built from the one under test)
collection=$(dirname "$(dirname "$(dirname "${REL_EMULATOR}")")")
ansible-galaxy collection build "${collection}" --output-path "${REL_TMP}/dist" >"${REL_TMP}/build.stdout"
ANSIBLE_COLLECTIONS_PATH="${REL_TMP}/installed" ansible-galaxy collection install --force "${REL_TMP}"/dist/exotel-trunking-*.tar.gz \
    -p "${REL_TMP}/installed" >"${REL_TMP}/install.stdout"
test -f "${REL_TMP}/installed/ansible_collections/exotel/trunking/playbooks/export.yml"
ANSIBLE_COLLECTIONS_PATH="${REL_TMP}/installed" rel_playbook "${REL_TMP}/export_installed" exotel.trunking.export \
    -e exotel_export_path="${REL_TMP}/work/installed.yml"
grep -F "${REL_TMP}/installed/ansible_collections/exotel/trunking/playbooks/export.yml" "${REL_TMP}/export_installed.stdout" | head -n 1
emulator check-export installed.yml final
emulator wire

# 6. the drift check of the drift guide (docs/docsite/rst/drift_guide.rst), exactly as printed there: it passes,
#    then fails naming the change once an IP is added behind the file's back; it only reads
mkdir "${REL_TMP}/project"
emulator guide-playbook "${collection}/docs/docsite/rst/drift_guide.rst" "${REL_TMP}/project/drift_check.yml"
cp edited.yml "${REL_TMP}/project/trunks.yml"
rel_playbook "${REL_TMP}/drift_none" "${REL_TMP}/project/drift_check.yml"
grep -F 'The account matches trunks.yml' "${REL_TMP}/drift_none.stdout"
emulator tamper
if rel_playbook "${REL_TMP}/drift_found" "${REL_TMP}/project/drift_check.yml"; then
    echo "the guide's drift check passed after the account was changed" >&2
    exit 1
fi
grep -F 'Drift: beta delete whitelisted_ip 203.0.113.7/32' "${REL_TMP}/drift_found.stdout"
emulator wire

# 7. no secret anywhere
rel_scan "${REL_TMP}"/*.stdout "${REL_TMP}"/*.stderr "${REL_TMP}"/work/*.yml "${REL_TMP}"/project/*.yml
