# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a playbook through ansible-runner the way AWX / Automation Platform runs a job template.

The Exotel credentials reach the job ONLY as environment variables (ansible-runner ``envvars``),
exactly what the custom credential type in docs/awx/exotel_credential_type.yml injects. The
playbook, the inventory and the extra vars carry no credentials.

Steps: start the bundled emulator as a daemon on a free loopback port, seed a trunk, run
a playbook that maps a number (and a second time, which must be idempotent), then assert:

* status == successful and rc == 0 for both runs;
* the job events hold the module's result: changed (first run) with a mapping id, unchanged
  (second run) with the same id; the emulator holds exactly that mapping;
* no secret (the API token, nor the base64 HTTP Basic value) is in any file of the private
  data dir (artifacts included), walked file by file.  One exception is reported, not hidden:
  ansible-runner itself records the job's environment in ``artifacts/<ident>/command``, so the
  token is allowed there, and only as the value of ``env.EXOTEL_API_TOKEN`` (AWX deletes the
  private data dir after every job).

usage: PYTHON hacking/awx_runner_check.py --collections-path DIR [--emulator FILE] [--keep]

PYTHON needs ansible-runner (2.4.3) and ansible-core with requests; its bin dir must hold
ansible-playbook.  DIR contains ansible_collections/exotel/trunking (built and installed copy,
or a work tree copy).  Exit status 0 when every assertion holds.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from urllib.request import Request, urlopen

ACCOUNT_SID = 'exotel_test'
API_KEY = 'emulator_key'
API_TOKEN = 'emulator_token_s3cr3t'
TRUNK_NAME = 'awx_trunk'
PHONE_NUMBER = '+919876543210'
MODULE = 'exotel.trunking.exotel_trunk_phone_number'

PLAYBOOK = """---
# What an AWX job template would run: no credentials anywhere, they come from the environment.
- name: Map a number onto a trunk (AWX-style job)
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Map the number in flow mode
      exotel.trunking.exotel_trunk_phone_number:
        trunk_sid: "{{ trunk_sid }}"
        phone_number: "%s"
        mode: flow
      register: mapped

    - name: Show the mapping id
      ansible.builtin.debug:
        var: mapped.mapping.id
""" % PHONE_NUMBER


class CheckFailed(Exception):
    pass


def log(msg):
    print('awx-runner-check: %s' % msg, flush=True)


def http_json(url, payload=None):
    data = None if payload is None else json.dumps(payload).encode('utf-8')
    req = Request(url, data=data, method='GET' if data is None else 'POST',
                  headers={'Content-Type': 'application/json'})
    with urlopen(req, timeout=10) as resp:  # nosec - loopback emulator only
        return json.loads(resp.read().decode('utf-8'))


def start_emulator(script, state_dir):
    port_file = os.path.join(state_dir, 'port')
    pid_file = os.path.join(state_dir, 'pid')
    subprocess.check_call([sys.executable, script, '--host', '127.0.0.1', '--port', '0',
                           '--port-file', port_file, '--pid-file', pid_file,
                           '--log-file', os.path.join(state_dir, 'emulator.log'),
                           '--daemonize', '--max-lifetime', '600', '--quiet'])
    with open(port_file) as handle:
        port = int(handle.read().strip())
    with open(pid_file) as handle:
        pid = int(handle.read().strip())
    return 'http://127.0.0.1:%d' % port, pid


def stop_emulator(pid):
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    for dummy in range(50):
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.1)


def job_results(events):
    """The module's results (event_data.res) from the runner_on_ok events of the mapping task."""
    found = []
    for event in events:
        data = event.get('event_data') or {}
        if event.get('event') == 'runner_on_ok' and data.get('task_action') == MODULE:
            found.append(data.get('res') or {})
    return found


def check_secrets(private_data_dir, secrets):
    """Walk every file; return (problems, allowed) lists of human-readable findings."""
    problems, allowed = [], []
    for root, dirs, files in os.walk(private_data_dir):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, private_data_dir)
            with open(path, 'rb') as handle:
                content = handle.read()
            hits = [label for label, value in secrets if value.encode('utf-8') in content]
            if not hits:
                continue
            if _only_in_runner_env(rel, content, secrets):
                allowed.append(rel)
            else:
                problems.append('%s contains %s' % (rel, ', '.join(hits)))
    return problems, allowed


def _only_in_runner_env(rel, content, secrets):
    """True for artifacts/<ident>/command whose only secret is env.EXOTEL_API_TOKEN."""
    parts = rel.split(os.sep)
    if len(parts) != 3 or parts[0] != 'artifacts' or parts[2] != 'command':
        return False
    try:
        record = json.loads(content.decode('utf-8'))
        env = dict(record['env'])
    except (ValueError, KeyError, TypeError):
        return False
    if env.pop('EXOTEL_API_TOKEN', None) != API_TOKEN:
        return False
    record['env'] = env
    rest = json.dumps(record)
    return not any(value in rest for dummy, value in secrets)


def run_job(ansible_runner, private_data_dir, ident, envvars, extravars):
    runner = ansible_runner.run(
        private_data_dir=private_data_dir,
        playbook='map_number.yml',
        ident=ident,
        envvars=envvars,
        extravars=extravars,
        suppress_env_files=True,   # as AWX does: no env/envvars file on disk
        quiet=True,
    )
    events = list(runner.events)
    log('%s: status=%s rc=%s events=%d' % (ident, runner.status, runner.rc, len(events)))
    if runner.status != 'successful' or runner.rc != 0:
        sys.stdout.write(runner.stdout.read())
        raise CheckFailed('%s: status %r rc %r (want successful / 0)' % (ident, runner.status, runner.rc))
    results = job_results(events)
    if len(results) != 1:
        raise CheckFailed('%s: expected one %s result in the job events, found %d' % (ident, MODULE, len(results)))
    return results[0]


def check(args):
    import ansible_runner  # pylint: disable=import-outside-toplevel

    coll = os.path.join(os.path.abspath(args.collections_path), 'ansible_collections', 'exotel', 'trunking')
    if not os.path.isdir(coll):
        raise CheckFailed('no ansible_collections/exotel/trunking under %s' % args.collections_path)
    script = args.emulator or os.path.join(coll, 'tests', 'emulator', 'exotel_emulator.py')

    # ansible-runner starts ansible-playbook from PATH: use the one next to this Python.
    os.environ['PATH'] = os.path.dirname(os.path.abspath(sys.executable)) + os.pathsep + os.environ.get('PATH', '')

    work = tempfile.mkdtemp(prefix='exotel-awx-runner-')
    pid = None
    try:
        state_dir = os.path.join(work, 'emulator')
        os.mkdir(state_dir)
        url, pid = start_emulator(script, state_dir)
        log('emulator %s (pid %d)' % (url, pid))
        seeded = http_json(url + '/_emulator/seed', {'trunks': [{'trunk_name': TRUNK_NAME}]})
        trunk_sid = seeded['trunks'][0]['trunk_sid']

        pdd = os.path.join(work, 'private_data_dir')
        os.makedirs(os.path.join(pdd, 'project'))
        os.makedirs(os.path.join(pdd, 'inventory'))
        with open(os.path.join(pdd, 'project', 'map_number.yml'), 'w') as handle:
            handle.write(PLAYBOOK)
        with open(os.path.join(pdd, 'inventory', 'hosts'), 'w') as handle:
            handle.write('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)

        # What the credential type's injectors produce, plus what AWX itself sets for collections.
        envvars = {
            'EXOTEL_ACCOUNT_SID': ACCOUNT_SID,
            'EXOTEL_API_KEY': API_KEY,
            'EXOTEL_API_TOKEN': API_TOKEN,
            'EXOTEL_REGION': 'singapore',
            'EXOTEL_API_URL': url,
            'ANSIBLE_COLLECTIONS_PATH': os.path.abspath(args.collections_path),
        }
        extravars = {'trunk_sid': trunk_sid}

        first = run_job(ansible_runner, pdd, 'job-1', envvars, extravars)
        mapping_id = (first.get('mapping') or {}).get('id')
        if first.get('changed') is not True or not mapping_id:
            raise CheckFailed('job-1: want changed=true and a mapping id, got changed=%r mapping=%r'
                              % (first.get('changed'), first.get('mapping')))
        log('job-1: changed=true mapping id %s' % mapping_id)

        second = run_job(ansible_runner, pdd, 'job-2', envvars, extravars)
        if second.get('changed') is not False or (second.get('mapping') or {}).get('id') != mapping_id:
            raise CheckFailed('job-2 (re-run): want changed=false and mapping id %s, got changed=%r mapping=%r'
                              % (mapping_id, second.get('changed'), second.get('mapping')))
        log('job-2: changed=false (idempotent), same mapping id')

        state = http_json(url + '/_emulator/state')
        mapped = [(p.get('id'), p.get('phone_number'), p.get('mode')) for p in state.get('phone_numbers', [])]
        if mapped != [(mapping_id, PHONE_NUMBER, 'flow')]:
            raise CheckFailed('emulator state: want [(%r, %r, flow)], got %r' % (mapping_id, PHONE_NUMBER, mapped))
        users = sorted(set(r['headers'].get('auth_user') for r in http_json(url + '/_emulator/requests')['requests']))
        if users != [API_KEY]:
            raise CheckFailed('emulator saw HTTP Basic users %r, want only %r' % (users, API_KEY))

        basic = base64.b64encode(('%s:%s' % (API_KEY, API_TOKEN)).encode('utf-8')).decode('ascii')
        secrets = [('the API token', API_TOKEN), ('the HTTP Basic value', basic)]
        problems, allowed = check_secrets(pdd, secrets)
        nfiles = sum(len(files) for dummy, dummy2, files in os.walk(pdd))
        if problems:
            raise CheckFailed('secret found in the private data dir: ' + '; '.join(problems))
        log('no secret in %d files under the private data dir (artifacts included)' % nfiles)
        for rel in allowed:
            log('note: %s is ansible-runner\'s own record of the job environment (env.EXOTEL_API_TOKEN only)' % rel)
        return 0
    finally:
        if pid:
            stop_emulator(pid)
        if args.keep:
            log('kept %s' % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--collections-path', required=True,
                        help='directory that contains ansible_collections/exotel/trunking')
    parser.add_argument('--emulator', help='emulator script (default: the one in the collection under test)')
    parser.add_argument('--keep', action='store_true', help='keep the private data dir for inspection')
    args = parser.parse_args()
    try:
        rc = check(args)
    except CheckFailed as exc:
        log('FAILED: %s' % exc)
        return 1
    log('OK')
    return rc


if __name__ == '__main__':
    sys.exit(main())
