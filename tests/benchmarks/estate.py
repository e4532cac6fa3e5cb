# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark: checking a whole account with exotel_trunks vs the single and the bulk modules (see docs/performance.md).

Run from the collection root with a Python that has ansible-core and requests:

    python tests/benchmarks/estate.py                 # about 4 minutes on 2 cores
    python tests/benchmarks/estate.py --help

It starts the emulator in this process on 127.0.0.1 (it stops with the script), seeds an account
through the control API (by default 5 trunks of 200 numbers each, plus 2 whitelisted IPs,
2 destination URIs, 1 credential and 1 setting per trunk) and runs, in one go, the same
idempotent check three ways, each with real ansible-playbook runs:

  (e) exotel_trunks, state overridden, config = the whole account: one task
  (s) the single modules: exotel_trunk for each trunk, exotel_trunk_phone_number for each number,
      exotel_trunk_whitelisted_ip / _destination_uri / _credential / _setting for each item
  (b) the bulk module, exotel_trunk_phone_numbers once per trunk, plus the single modules of (s)
      for the items that are not numbers

and reports requests (from the emulator's request log) and time (task start to end, from
timestamps taken inside the play) with the ratios (s)/(e) and (b)/(e). Every run must send no
write and report no change, or the script stops. Pacing is off (requests_per_minute: 0) so that
the modules are measured, not the budget.

A loop of one task per number costs about 1.5 s per number on a 2-core machine, so by default the
numbers of (s) are timed over a sample (--sample, spread over every trunk) and the loop's time is
scaled to all numbers; the request count of (s) is exact, since every single-number check is one
request whatever the trunk size (the sample shows it). --full times every number.

These are measurements, not assertions: the script exits 0 unless something could not run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    from urllib.request import Request, urlopen
except ImportError:  # pragma: no cover
    raise SystemExit('Python 3 is required')

from bench import add_common_arguments, publish  # pylint: disable=import-error

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCOUNT = 'exotel_test'
KEY = 'emulator_key'
TOKEN = 'emulator_token_s3cr3t'
DOMAIN = ACCOUNT + '.pstn.exotel.com'


def trunk_sid(index):
    return 'trmum1e57a7e%012d1a1n' % index


class Account:
    """The seeded account, and the same account as exotel_trunks config."""

    def __init__(self, trunks, numbers):
        self.trunks = []
        for t in range(trunks):
            name = 'bench_%d' % t
            sid = trunk_sid(t)
            self.trunks.append(dict(
                trunk_name=name, trunk_sid=sid,
                numbers=['+9180%02d%06d' % (t, n) for n in range(numbers)],
                ips=['44.248.%d.%d' % (140 + t, i + 1) for i in range(2)],
                destinations=['44.248.%d.1:5061;transport=tls' % (140 + t), 'sip%d.example.com:5060' % t],
                credential='bench_sip_%d' % t,
                alias='+9180%02d%06d' % (t, 0)))

    def seed(self):
        seed = dict(trunks=[], phone_numbers=[], whitelisted_ips=[], destination_uris=[], credentials=[], settings=[])
        for t in self.trunks:
            seed['trunks'].append(dict(trunk_name=t['trunk_name'], trunk_sid=t['trunk_sid']))
            for i, number in enumerate(t['numbers']):
                seed['phone_numbers'].append(dict(trunk_sid=t['trunk_sid'], phone_number=number, mode='flow' if i % 2 else None))
            seed['whitelisted_ips'].extend(dict(trunk_sid=t['trunk_sid'], ip=ip, mask=32) for ip in t['ips'])
            seed['destination_uris'].extend(dict(trunk_sid=t['trunk_sid'], destination=d, priority=0, weight=1) for d in t['destinations'])
            seed['credentials'].append(dict(trunk_sid=t['trunk_sid'], user_name=t['credential'], password='Bench_pw_0123456789',
                                            friendly_name='bench'))
            seed['settings'].append(dict(trunk_sid=t['trunk_sid'], name='trunk_external_alias', value=t['alias']))
        return seed

    def config(self):
        return [dict(trunk_name=t['trunk_name'], nso_code='ANY-ANY', domain_name=DOMAIN,
                     phone_numbers=[n if i % 2 == 0 else dict(phone_number=n, mode='flow') for i, n in enumerate(t['numbers'])],
                     whitelisted_ips=[dict(ip=ip, mask=32) for ip in t['ips']],
                     destination_uris=[dict(destination=d, priority=0, weight=1) for d in t['destinations']],
                     credentials=[dict(user_name=t['credential'], friendly_name='bench')],
                     settings=dict(trunk_external_alias=t['alias'])) for t in self.trunks]

    def numbers(self):
        return [dict(trunk_sid=t['trunk_sid'], phone_number=n) for t in self.trunks for n in t['numbers']]

    def sample(self, count):
        numbers = self.numbers()
        step = max(1, len(numbers) // count) if count else len(numbers)
        return numbers[::step][:count]

    def other_tasks(self):
        """The single-module tasks for everything that is not a number (each one loop over its items)."""
        trunks = self.trunks
        return [
            ('exotel.trunking.exotel_trunk', {'trunk_name': '{{ item }}'}, [t['trunk_name'] for t in trunks]),
            ('exotel.trunking.exotel_trunk_whitelisted_ip', {'trunk_sid': '{{ item.0 }}', 'ip': '{{ item.1 }}'},
             [[t['trunk_sid'], ip] for t in trunks for ip in t['ips']]),
            ('exotel.trunking.exotel_trunk_destination_uri', {'trunk_sid': '{{ item.0 }}', 'destination': '{{ item.1 }}'},
             [[t['trunk_sid'], d] for t in trunks for d in t['destinations']]),
            ('exotel.trunking.exotel_trunk_credential', {'trunk_sid': '{{ item.0 }}', 'user_name': '{{ item.1 }}'},
             [[t['trunk_sid'], t['credential']] for t in trunks]),
            ('exotel.trunking.exotel_trunk_setting', {'trunk_sid': '{{ item.0 }}', 'name': 'trunk_external_alias', 'value': '{{ item.1 }}'},
             [[t['trunk_sid'], t['alias']] for t in trunks]),
        ]


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix='exotel-estate-bench-')
        coll_root = os.path.join(self.tmp, 'collections')
        os.makedirs(os.path.join(coll_root, 'ansible_collections', 'exotel'))
        os.symlink(REPO, os.path.join(coll_root, 'ansible_collections', 'exotel', 'trunking'))
        self.coll_root = coll_root
        sys.path.insert(0, coll_root)
        from ansible_collections.exotel.trunking.tests.emulator import exotel_emulator as emulator  # pylint: disable=import-error
        if not args.keep_nagle:
            # As in bench.py: without TCP_NODELAY every keep-alive request of the stock emulator waits ~40 ms.
            emulator.Handler.disable_nagle_algorithm = True
        self.srv = emulator.EmulatorServer(host='127.0.0.1', port=0).start()
        self.url = self.srv.url
        self.playbook_bin = args.ansible_playbook or self._find_playbook()
        self.account = Account(args.trunks, args.numbers)
        self.results = {}

    @staticmethod
    def _find_playbook():
        local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
        if os.path.exists(local):
            return local
        found = shutil.which('ansible-playbook')
        if not found:
            raise SystemExit('ansible-playbook not found next to %s nor on PATH; use --ansible-playbook' % sys.executable)
        return found

    def close(self):
        self.srv.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- emulator ----------------------------------------------------------------------------------
    def ctl(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = Request(self.url + '/_emulator' + path, data=data, method=method, headers={'Content-Type': 'application/json'})
        with urlopen(req, timeout=120) as resp:
            return json.loads(resp.read().decode() or 'null')

    def seed(self):
        self.ctl('POST', '/reset', {})
        self.ctl('POST', '/seed', self.account.seed())
        self.ctl('DELETE', '/requests')

    def wire(self):
        requests = self.ctl('GET', '/requests')['requests']
        self.ctl('DELETE', '/requests')
        writes = [r for r in requests if r['method'] != 'GET']
        if writes:
            raise SystemExit('an idempotent check wrote: %s' % [(r['method'], r['path']) for r in writes[:5]])
        return requests

    # -- ansible-playbook --------------------------------------------------------------------------
    def env(self):
        env = dict(os.environ)
        env.update(ANSIBLE_COLLECTIONS_PATH=self.coll_root, ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
                   ANSIBLE_REMOTE_TMP=os.path.join(self.tmp, 'remote'), ANSIBLE_LOCAL_TEMP=os.path.join(self.tmp, 'local'),
                   ANSIBLE_NOCOLOR='1', ANSIBLE_FORKS='1')
        return env

    def play(self, name, tasks):
        """One play on localhost between two timestamps; every task must report no change. Returns the seconds between."""
        out = os.path.join(self.tmp, name + '.json')
        mark = "{{ bench_marks | default({}) | combine({'%s': now().timestamp()}) }}"
        checked = [dict(task, register='bench_r', failed_when='bench_r is failed or bench_r is changed') for task in tasks]
        playbook = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
                     'module_defaults': {'group/exotel.trunking.exotel': dict(account_sid=ACCOUNT, api_key=KEY, api_token=TOKEN,
                                                                              api_url=self.url, requests_per_minute=0)},
                     'tasks': [{'name': 'start', 'ansible.builtin.set_fact': {'bench_marks': mark % 'start'}}] + checked + [
                         {'name': 'end', 'ansible.builtin.set_fact': {'bench_marks': mark % 'end'}},
                         {'name': 'write timings', 'ansible.builtin.copy': {'dest': out, 'content': '{{ bench_marks | to_json }}'}}]}]
        path = os.path.join(self.tmp, name + '.yml')
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(playbook, handle)
        proc = subprocess.run([self.playbook_bin, '-i', 'localhost,', path], env=self.env(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=7200, check=False)
        if proc.returncode != 0 or not os.path.exists(out):
            sys.stderr.write(proc.stdout.decode('utf-8', 'replace')[-6000:])
            raise SystemExit('playbook %s failed (rc %d)' % (name, proc.returncode))
        with open(out, encoding='utf-8') as handle:
            marks = json.load(handle)
        return marks['end'] - marks['start']

    def measure(self, name, tasks):
        seconds = self.play(name, tasks)
        requests = self.wire()
        return dict(seconds=seconds, requests=len(requests), tasks=sum(len(task.get('loop', [None])) for task in tasks),
                    calls=sorted(set(re.sub(r'/trunks/[^/]+/', '/trunks/{sid}/', r['path'].split('/v2/accounts/%s' % ACCOUNT)[-1])
                                     for r in requests)))

    # -- the three ways --------------------------------------------------------------------------------
    def run(self):
        account = self.account
        self.seed()
        estate = self.measure('estate', [{'name': 'exotel_trunks overridden', 'exotel.trunking.exotel_trunks': {
            'state': 'overridden', 'config': account.config()}}])
        gathered = self.measure('gathered', [{'name': 'exotel_trunks gathered', 'exotel.trunking.exotel_trunks': {'state': 'gathered'}}])

        numbers = account.numbers()
        sample = numbers if self.args.full else account.sample(self.args.sample)
        single_numbers = self.measure('single_numbers', [{'name': 'exotel_trunk_phone_number loop', 'exotel.trunking.exotel_trunk_phone_number': {
            'trunk_sid': '{{ item.trunk_sid }}', 'phone_number': '{{ item.phone_number }}'}, 'loop': sample}])
        others = self.measure('single_others', [{'name': 'loop of %s' % module.rsplit('.', maxsplit=1)[-1], module: options, 'loop': items}
                                                for module, options, items in account.other_tasks()])
        bulk_numbers = self.measure('bulk_numbers', [{'name': 'exotel_trunk_phone_numbers %s' % t['trunk_name'],
                                                      'exotel.trunking.exotel_trunk_phone_numbers': {
                                                          'trunk_sid': t['trunk_sid'], 'phone_numbers': t['numbers']}}
                                                     for t in account.trunks])

        scale = float(len(numbers)) / len(sample)
        per_number_requests = float(single_numbers['requests']) / len(sample)
        single = dict(seconds=single_numbers['seconds'] * scale + others['seconds'],
                      requests=int(round(per_number_requests * len(numbers))) + others['requests'],
                      tasks=len(numbers) + others['tasks'], timed_numbers=len(sample), numbers=len(numbers),
                      number_seconds_each=single_numbers['seconds'] / len(sample), per_number_requests=per_number_requests,
                      number_calls=single_numbers['calls'], others=others)
        bulk = dict(seconds=bulk_numbers['seconds'] + others['seconds'], requests=bulk_numbers['requests'] + others['requests'],
                    tasks=bulk_numbers['tasks'] + others['tasks'], numbers_only=bulk_numbers)
        self.results.update(
            account=dict(trunks=len(account.trunks), numbers_per_trunk=self.args.numbers, whitelisted_ips_per_trunk=2,
                         destination_uris_per_trunk=2, credentials_per_trunk=1, settings_per_trunk=1),
            estate=estate, gathered=gathered, single=single, bulk=bulk,
            ratios=dict(single_over_estate_requests=float(single['requests']) / estate['requests'],
                        single_over_estate_seconds=single['seconds'] / estate['seconds'],
                        bulk_over_estate_requests=float(bulk['requests']) / estate['requests'],
                        bulk_over_estate_seconds=bulk['seconds'] / estate['seconds'],
                        bulk_numbers_only_over_estate_requests=float(bulk_numbers['requests']) / estate['requests'],
                        bulk_numbers_only_over_estate_seconds=bulk_numbers['seconds'] / estate['seconds']),
            budget_minutes_at_200_per_minute=dict(estate=estate['requests'] / 200.0, single=single['requests'] / 200.0,
                                                  bulk=bulk['requests'] / 200.0))

    def machine(self):
        proc = subprocess.run([self.playbook_bin, '--version'], stdout=subprocess.PIPE, check=False)
        first = proc.stdout.decode().splitlines()[0] if proc.stdout else ''
        core = re.search(r'core ([0-9][0-9.]*[0-9])', first)
        return dict(nproc=os.cpu_count(), python=platform.python_version(), ansible_core=core.group(1) if core else first,
                    platform=platform.platform(), emulator_tcp_nodelay=not self.args.keep_nagle)


def report(results):
    m, a, r = results['machine'], results['account'], results['ratios']
    e, g, s, b = results['estate'], results['gathered'], results['single'], results['bulk']
    lines = [
        'machine: nproc=%s python=%s ansible-core=%s (%s); emulator TCP_NODELAY=%s'
        % (m['nproc'], m['python'], m['ansible_core'], m['platform'], m['emulator_tcp_nodelay']),
        'account: %d trunks x %d numbers, plus per trunk 2 whitelisted IPs, 2 destination URIs, 1 credential, 1 setting'
        % (a['trunks'], a['numbers_per_trunk']),
        '(e) exotel_trunks overridden, 1 task: %.2f s, %d requests (%s), 0 writes' % (e['seconds'], e['requests'], ', '.join(e['calls'])),
        '    exotel_trunks gathered, 1 task: %.2f s, %d requests' % (g['seconds'], g['requests']),
        '(s) single modules, %d tasks: %.1f s%s, %d requests, 0 writes; a number check is %.2f request(s) (%s) and %.3f s'
        % (s['tasks'], s['seconds'], '' if s['timed_numbers'] == s['numbers'] else ' (numbers timed over %d of %d, scaled)'
           % (s['timed_numbers'], s['numbers']), s['requests'], s['per_number_requests'], ', '.join(s['number_calls']), s['number_seconds_each']),
        '    of which the %d tasks for the other items: %.1f s, %d requests' % (s['others']['tasks'], s['others']['seconds'], s['others']['requests']),
        '(b) bulk module per trunk + single modules for the rest, %d tasks: %.1f s, %d requests (numbers alone: %d tasks, %.2f s, %d requests)'
        % (b['tasks'], b['seconds'], b['requests'], b['numbers_only']['tasks'], b['numbers_only']['seconds'], b['numbers_only']['requests']),
        'ratios: (s)/(e) requests %.1fx, time %.1fx; (b)/(e) requests %.2fx, time %.1fx; bulk numbers alone/(e) requests %.2fx, time %.2fx'
        % (r['single_over_estate_requests'], r['single_over_estate_seconds'], r['bulk_over_estate_requests'], r['bulk_over_estate_seconds'],
           r['bulk_numbers_only_over_estate_requests'], r['bulk_numbers_only_over_estate_seconds']),
        "Exotel's budget of 200 requests/minute: (e) %.2f min, (s) %.2f min, (b) %.2f min of requests"
        % (results['budget_minutes_at_200_per_minute']['estate'], results['budget_minutes_at_200_per_minute']['single'],
           results['budget_minutes_at_200_per_minute']['bulk']),
    ]
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--trunks', type=int, default=5, help='trunks in the account (default 5)')
    parser.add_argument('--numbers', type=int, default=200, help='numbers per trunk (default 200)')
    parser.add_argument('--sample', type=int, default=50, help='numbers timed in the single-module loop, then scaled (default 50)')
    parser.add_argument('--full', action='store_true', help='time the single-module loop over every number (about 1.5 s each)')
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.trunks <= 50 or not 1 <= args.numbers <= 2000 or not 1 <= args.sample <= 5000:
        parser.error('bounds: 1 <= --trunks <= 50, 1 <= --numbers <= 2000, 1 <= --sample <= 5000')
    started = time.time()
    bench = Bench(args)
    try:
        bench.results['machine'] = bench.machine()
        bench.run()
    finally:
        bench.close()
    bench.results['wall_s'] = time.time() - started
    publish(report(bench.results), bench.results, args.json)
    return 0


if __name__ == '__main__':
    sys.exit(main())
