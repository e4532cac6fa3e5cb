# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmarks of the in-process path against the local emulator (see docs/performance.md, "In-process execution").

Run from the collection root with a Python that has ansible-core and requests:

    python tests/benchmarks/inprocess.py --json inprocess.json
    python tests/benchmarks/inprocess.py --help

It reuses bench.py (same directory): the temporary ansible_collections link, the emulator started
in this process on 127.0.0.1 (with TCP_NODELAY, see bench.py), the control-API helpers and the
play runner that takes timestamps inside the play. Every loop is bounded. Measures, in one run:

  (p) a loop of N creates and a loop of N idempotent checks (default N = 40) with
      exotel_trunk_phone_number three ways: the in-process path, the module path
      (EXOTEL_TRUNKING_IN_PROCESS=false) and hand-written ansible.builtin.uri tasks doing the
      equivalent HTTP; plus two floors: a bare in-process HTTP call (the bench_bare_get action
      plugin in tests/benchmarks/action_plugins: one requests GET in the worker) and
      ansible.builtin.debug (the task overhead alone)
  (s) a 10-task trunk set-up (trunk, 2 whitelisted IPs, 2 destination URIs, a credential, a
      setting, 2 phone numbers, an info read): in-process vs module path
  (f) 10 hosts with ansible_connection=local mapping 3 numbers each, emulator limit 40 requests
      per 60 s without X-RateLimit-* headers and requests_per_minute: 40 on the module, so only
      the shared request budget paces: once with 10 forks, once as two concurrent
      ansible-playbook processes of 5 forks each sharing the budget

Per-item time is the time of the loop task (timestamps taken in the play right before and after
it) divided by N. Pacing is off in (p) and (s) (requests_per_minute: 0) and every
ansible-playbook run gets a fresh budget directory (EXOTEL_TRUNKING_BUDGET_DIR).

These are measurements, not assertions: the script exits 0 unless something could not run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import re
import subprocess
import sys
import time

from bench import ACCOUNT, KEY, TOKEN, TRUNK, Bench, add_common_arguments, numbers, publish  # pylint: disable=import-error

HERE = os.path.dirname(os.path.abspath(__file__))
ACTION_DIR = os.path.join(HERE, 'action_plugins')
SWITCH_ENV = 'EXOTEL_TRUNKING_IN_PROCESS'
PHONE = 'exotel.trunking.exotel_trunk_phone_number'
PATHS = (('in_process', True), ('module', False))
PLAYBOOK_TIMEOUT = 900


class InProcessBench(Bench):
    def __init__(self, args):
        super(InProcessBench, self).__init__(args)
        self.api = '%s/v2/accounts/%s' % (self.url, ACCOUNT)
        self.budgets = 0

    def conn(self, rpm=0):
        return dict(super(InProcessBench, self).conn(), requests_per_minute=rpm)

    def new_budget(self):
        self.budgets += 1
        return os.path.join(self.tmp, 'budget-%02d' % self.budgets)

    def run_env(self, in_process=True, budget=None, **extra):
        """Environment of one ansible-playbook run: a fresh budget directory unless one is given, the path switch."""
        env = self.env(EXOTEL_TRUNKING_BUDGET_DIR=budget or self.new_budget(), ANSIBLE_ACTION_PLUGINS=ACTION_DIR, **extra)
        env.pop(SWITCH_ENV, None)
        if not in_process:
            env[SWITCH_ENV] = 'false'
        return env

    def write_playbook(self, name, plays):
        path = os.path.join(self.tmp, name + '.yml')
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(plays, handle)
        return path

    def start_playbook(self, name, plays, env, inventory='localhost,', extra=()):
        """Start ansible-playbook in the background; its output goes to <tmp>/<name>.log."""
        path = self.write_playbook(name, plays)
        log = open(os.path.join(self.tmp, name + '.log'), 'wb')  # pylint: disable=consider-using-with
        proc = subprocess.Popen([self.playbook_bin, '-i', inventory, path] + list(extra), env=env,  # pylint: disable=consider-using-with
                                stdout=log, stderr=subprocess.STDOUT)
        proc.log_file = log
        return proc

    def finish_playbook(self, name, proc):
        try:
            proc.wait(timeout=PLAYBOOK_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.log_file.close()
        with open(os.path.join(self.tmp, name + '.log'), encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        if proc.returncode != 0:
            sys.stderr.write(text[-6000:])
            raise SystemExit('playbook %s failed (rc %s)' % (name, proc.returncode))
        return text

    def localhost_play(self, tasks, rpm=0):
        return [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
                 'module_defaults': {'group/exotel.trunking.exotel': self.conn(rpm)}, 'tasks': tasks}]

    def requests_by_phase(self):
        """(requests up to the last write, requests after it, writes) from the request log."""
        log = self.log()
        writes = [i for i, r in enumerate(log) if r['method'] != 'GET']
        last = writes[-1] if writes else -1
        return last + 1, len(log) - last - 1, len(writes)

    # -- which path ran ----------------------------------------------------------------------------
    def check_paths(self):
        """A loop of 3 idempotent checks per path at -vvv: the action plugin says, per item, which path it took."""
        probe = numbers(3, prefix='+91400')
        seen = {}
        for label, in_process in PATHS:
            self.reset(mappings=probe)
            name = 'path_%s' % label
            text = self.finish_playbook(name, self.start_playbook(name, self.localhost_play([
                {'name': 'probe', PHONE: {'trunk_sid': TRUNK, 'phone_number': '{{ item }}'}, 'loop': probe}]),
                self.run_env(in_process), extra=['-vvv']))
            seen[label] = dict(items=len(probe), in_process=text.count('runs in-process on the controller'),
                               module=text.count('runs as a module'),
                               module_reasons=sorted(set(re.findall(r'runs as a module \((.*)\)', text))))
        if seen['in_process']['in_process'] == 0 or seen['module']['in_process'] != 0:
            raise SystemExit('the switch did not select the expected path: %s' % seen)
        self.results['paths'] = seen

    # -- (p) ---------------------------------------------------------------------------------------
    def loops(self):
        n = self.args.n
        nums = numbers(n, prefix='+91910')
        out = {}
        no_change = {'name': 'verify the checks changed nothing (untimed)', 'ansible.builtin.assert': {
            'that': ["checks.results | select('changed') | list | length == 0"], 'quiet': True}}
        for label, in_process in PATHS:
            self.reset()
            item = {'trunk_sid': TRUNK, 'phone_number': '{{ item }}'}
            marks = self.play('loop_%s' % label, [
                self.mark('c0'), {'name': 'creates', PHONE: item, 'loop': nums}, self.mark('c1'),
                self.mark('i0'), {'name': 'idempotent checks', PHONE: item, 'loop': nums, 'register': 'checks'}, self.mark('i1'),
                no_change], env=self.run_env(in_process))
            out[label] = self.loop_row(marks, n)

        self.reset()
        auth = {'user': KEY, 'password': TOKEN, 'force_basic_auth': True}
        create = dict(auth, url='%s/trunks/%s/phone-numbers' % (self.api, TRUNK), method='POST', body_format='json',
                      body={'phone_number': '{{ item }}'})
        marks = self.play('loop_uri', [
            self.mark('c0'),
            {'name': 'uri creates', 'ansible.builtin.uri': create, 'loop': nums},
            self.mark('c1'), self.mark('i0'),
            {'name': 'uri idempotent checks', 'ansible.builtin.uri': dict(auth, url=self.api + '/trunk-maps?exophone={{ item | urlencode }}'),
             'loop': nums, 'register': 'checks'},
            self.mark('i1'), no_change], env=self.run_env())
        out['uri'] = self.loop_row(marks, n)

        self.reset(mappings=nums)
        marks = self.play('loop_floors', [
            self.mark('i0'),
            {'name': 'bare in-process GET', 'bench_bare_get': {'url': self.api + '/trunk-maps?exophone={{ item | urlencode }}',
                                                               'user': KEY, 'password': TOKEN}, 'loop': nums},
            self.mark('i1'), self.mark('d0'),
            {'name': 'debug', 'ansible.builtin.debug': {'msg': '{{ item }}'}, 'loop': nums},
            self.mark('d1')], env=self.run_env())
        requests = len(self.log())
        out['bare'] = dict(idempotent_ms=(marks['i1'] - marks['i0']) * 1000.0 / n, idempotent_requests=requests / n)
        out['debug'] = dict(idempotent_ms=(marks['d1'] - marks['d0']) * 1000.0 / n)

        inp, mod, uri, bare, floor = out['in_process'], out['module'], out['uri'], out['bare'], out['debug']
        for row in (inp, mod, uri, bare):
            row['idempotent_net_ms'] = row['idempotent_ms'] - floor['idempotent_ms']
            if 'create_ms' in row:
                row['create_net_ms'] = row['create_ms'] - floor['idempotent_ms']
        self.results['p'] = dict(
            n=n, method='loop task time (timestamps set in the play before and after it) / N; net = minus the debug loop per item',
            rows=out,
            ratios=dict(uri_over_in_process_idempotent=uri['idempotent_ms'] / inp['idempotent_ms'],
                        uri_over_in_process_create=uri['create_ms'] / inp['create_ms'],
                        in_process_over_bare_idempotent=inp['idempotent_ms'] / bare['idempotent_ms'],
                        module_over_in_process_idempotent=mod['idempotent_ms'] / inp['idempotent_ms'],
                        module_over_in_process_create=mod['create_ms'] / inp['create_ms'],
                        in_process_over_bare_idempotent_net=(inp['idempotent_net_ms'] / bare['idempotent_net_ms']
                                                             if bare['idempotent_net_ms'] > 0 else None)),
            targets=dict(uri_over_in_process_idempotent='>= 20', uri_over_in_process_create='>= 10',
                         in_process_over_bare_idempotent='<= 2'))

    def loop_row(self, marks, n):
        created, checked, writes = self.requests_by_phase()
        state = self.ctl('GET', '/state')
        if writes != n or len(state['phone_numbers']) != n:
            raise SystemExit('expected %d writes and %d mappings, got %d and %d' % (n, n, writes, len(state['phone_numbers'])))
        return dict(create_ms=(marks['c1'] - marks['c0']) * 1000.0 / n, idempotent_ms=(marks['i1'] - marks['i0']) * 1000.0 / n,
                    create_requests=created / n, idempotent_requests=checked / n)

    # -- (s) ---------------------------------------------------------------------------------------
    def setup_tasks(self):
        sid = {'trunk_sid': '{{ trunk.trunk.trunk_sid }}'}
        pre = 'exotel.trunking.exotel_trunk'
        return [
            {'name': 'trunk', pre: {'trunk_name': 'setup_bench'}, 'register': 'trunk'},
            {'name': 'whitelisted IP 1', pre + '_whitelisted_ip': dict(sid, ip='44.248.146.11')},
            {'name': 'whitelisted IP 2', pre + '_whitelisted_ip': dict(sid, ip='44.248.146.12')},
            {'name': 'destination 1', pre + '_destination_uri': dict(sid, destination='44.248.146.11:5061;transport=tls')},
            {'name': 'destination 2', pre + '_destination_uri': dict(sid, destination='44.248.146.12:5061;transport=tls', priority=1)},
            {'name': 'credential', pre + '_credential': dict(sid, user_name='bench_user', password='Bench_pass_2026',
                                                             friendly_name='bench')},
            {'name': 'setting', pre + '_setting': dict(sid, name='trunk_external_alias', value='+919876543210')},
            {'name': 'number 1', pre + '_phone_number': dict(sid, phone_number='+919876543210')},
            {'name': 'number 2', pre + '_phone_number': dict(sid, phone_number='+919876543211')},
            {'name': 'info', pre + '_info': sid},
        ]

    def setup(self):
        out = {}
        for label, in_process in PATHS:
            self.ctl('POST', '/reset', {})
            marks = self.play('setup_%s' % label, [self.mark('s0')] + self.setup_tasks() + [self.mark('s1')], env=self.run_env(in_process))
            state = self.ctl('GET', '/state')
            counts = dict((k, len(v)) for k, v in state.items())
            expected = dict(trunks=1, whitelisted_ips=2, destination_uris=2, credentials=1, settings=1, phone_numbers=2)
            if counts != expected:
                raise SystemExit('set-up %s left %s, expected %s' % (label, counts, expected))
            out[label] = dict(tasks_s=marks['s1'] - marks['s0'], playbook_wall_s=marks['_wall'], requests=len(self.log()))
        self.results['s'] = dict(tasks=10, rows=out, ratio_module_over_in_process=out['module']['tasks_s'] / out['in_process']['tasks_s'],
                                 ratio_wall=out['module']['playbook_wall_s'] / out['in_process']['playbook_wall_s'])

    # -- (f) ---------------------------------------------------------------------------------------
    def forked(self, label, groups, forks, per_host):
        limit, window = self.args.limit, self.args.window
        hosts = [h for group in groups for h in group]
        nums = dict(zip(hosts, [numbers(len(hosts) * per_host, prefix='+91920')[i * per_host:(i + 1) * per_host] for i in range(len(hosts))]))
        play = [{'hosts': 'all', 'gather_facts': False,
                 'module_defaults': {'group/exotel.trunking.exotel': self.conn(limit)},
                 'tasks': [{'name': 'map the host\'s numbers', PHONE: {'trunk_sid': TRUNK, 'phone_number': '{{ item }}'},
                            'loop': '{{ bench_numbers }}'}]}]
        self.reset()
        budget = self.new_budget()
        self.ctl('POST', '/config', {'rate_limit': {'limit': limit, 'window': window}, 'rate_limit_headers': 'off'})
        try:
            procs = []
            started = time.perf_counter()
            for num, group in enumerate(groups):
                inventory = os.path.join(self.tmp, 'inventory_%s_%d.yml' % (label, num))
                with open(inventory, 'w', encoding='utf-8') as handle:
                    json.dump({'all': {'hosts': dict((h, {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                                                          'bench_numbers': nums[h]}) for h in group)}}, handle)
                name = 'forks_%s_%d' % (label, num)
                procs.append((name, self.start_playbook(name, play, self.run_env(budget=budget, ANSIBLE_FORKS=str(forks)), inventory=inventory)))
            for name, proc in procs:
                self.finish_playbook(name, proc)
            wall = time.perf_counter() - started
        finally:
            self.ctl('POST', '/config', {'rate_limit': None, 'rate_limit_headers': 'epoch'})
        log = self.log()
        ok = [r for r in log if r['status'] != 429]
        bound = ((len(ok) - 1) // limit) * window
        span = ok[-1]['time'] - ok[0]['time'] if ok else 0.0
        created = len(self.ctl('GET', '/state')['phone_numbers'])
        return dict(label=label, processes=len(groups), forks=forks, hosts=len(hosts), numbers=len(hosts) * per_host, created=created,
                    limit=limit, window_s=window, requests=len(log), accepted=len(ok), answered_429=len(log) - len(ok),
                    span_s=span, bound_s=bound, ratio_span_over_bound=span / bound if bound else None, wall_s=wall,
                    targets='0 x 429, ratio <= 1.15')

    def forks(self):
        hosts = ['bench%02d' % i for i in range(1, 11)]
        self.results['f'] = [self.forked('10_forks', [hosts], 10, 3),
                             self.forked('2x5_forks', [hosts[:5], hosts[5:]], 5, 3)]

    def machine(self):
        out = super(InProcessBench, self).machine()
        proc = subprocess.run([self.playbook_bin, '--version'], stdout=subprocess.PIPE, check=False)
        found = re.search(r'python version = (\S+)', proc.stdout.decode())
        out['controller_python'] = found.group(1) if found else None
        return out


def report(results):
    m = results['machine']
    lines = ['machine: nproc=%s ansible-core=%s controller python=%s (%s); emulator TCP_NODELAY=%s'
             % (m['nproc'], m['ansible_core'], m['controller_python'], m['platform'], m['emulator_tcp_nodelay'])]
    for label, row in sorted(results.get('paths', {}).items()):
        lines.append('path check, %s run: loop of %d items, %d ran in-process, %d as a module%s'
                     % (label, row['items'], row['in_process'], row['module'],
                        ' (%s)' % '; '.join(row['module_reasons']) if row['module_reasons'] else ''))
    if 'p' in results:
        p = results['p']
        lines.append('(p) N=%d; per item = %s' % (p['n'], p['method']))
        lines.append('    %-12s %12s %10s %12s %12s %10s %12s' % ('variant', 'create ms', 'net ms', 'req/create', 'check ms', 'net ms', 'req/check'))
        for label in ('in_process', 'module', 'uri', 'bare', 'debug'):
            row = p['rows'][label]
            lines.append('    %-12s %12s %10s %12s %12.1f %10s %12s' % (
                label, '%.1f' % row['create_ms'] if 'create_ms' in row else '-', '%.1f' % row['create_net_ms'] if 'create_net_ms' in row else '-',
                '%.2f' % row['create_requests'] if 'create_requests' in row else '-', row['idempotent_ms'],
                '%.1f' % row['idempotent_net_ms'] if 'idempotent_net_ms' in row else '-',
                '%.2f' % row['idempotent_requests'] if 'idempotent_requests' in row else '-'))
        r = p['ratios']
        lines.append('    uri/in-process: idempotent %.1fx [target >= 20x], create %.1fx [target >= 10x]'
                     % (r['uri_over_in_process_idempotent'], r['uri_over_in_process_create']))
        lines.append('    in-process/bare (idempotent): %.2fx [target <= 2x]; net of debug: %s'
                     % (r['in_process_over_bare_idempotent'], '%.2fx' % r['in_process_over_bare_idempotent_net']
                        if r['in_process_over_bare_idempotent_net'] is not None else 'n/a'))
        lines.append('    module/in-process: idempotent %.1fx, create %.1fx'
                     % (r['module_over_in_process_idempotent'], r['module_over_in_process_create']))
    if 's' in results:
        s = results['s']
        for label in ('in_process', 'module'):
            row = s['rows'][label]
            lines.append('(s) 10-task set-up, %-10s: tasks %.2fs, playbook wall %.2fs, %d requests'
                         % (label, row['tasks_s'], row['playbook_wall_s'], row['requests']))
        lines.append('(s) module/in-process: tasks %.1fx, wall %.1fx' % (s['ratio_module_over_in_process'], s['ratio_wall']))
    for f in results.get('f', []):
        lines.append('(f) %s: %d process(es) x %d forks, %d hosts, %d numbers (%d created); limit %d/%ss, headers off, '
                     'requests_per_minute %d: %d requests, %d accepted, %d answered 429; first-to-last accepted %.2fs vs bound %.0fs, '
                     'ratio %.3f [target 0 x 429, <= 1.15]; wall %.1fs'
                     % (f['label'], f['processes'], f['forks'], f['hosts'], f['numbers'], f['created'], f['limit'], f['window_s'],
                        f['limit'], f['requests'], f['accepted'], f['answered_429'], f['span_s'], f['bound_s'],
                        f['ratio_span_over_bound'] or 0, f['wall_s']))
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--n', type=int, default=40, help='items in each loop of (p) (default 40)')
    parser.add_argument('--limit', type=int, default=40, help='emulator limit and requests_per_minute in (f) (default 40)')
    parser.add_argument('--window', type=float, default=60.0, help='emulator rate-limit window in seconds in (f) (default 60)')
    parser.add_argument('--only', default='p,s,f', help='comma-separated subset of p,s,f (default all)')
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.n <= 200 or not 1 <= args.limit <= 1000 or not 0 < args.window <= 120:
        parser.error('bounds: 1 <= --n <= 200, 1 <= --limit <= 1000, 0 < --window <= 120')
    only = set(args.only.split(','))
    bench = InProcessBench(args)
    started = time.time()
    try:
        bench.results['machine'] = bench.machine()
        bench.check_paths()
        if 'p' in only:
            bench.loops()
        if 's' in only:
            bench.setup()
        if 'f' in only:
            bench.forks()
    finally:
        bench.close()
    bench.results['wall_s'] = time.time() - started
    publish(report(bench.results), bench.results, args.json)
    return 0


if __name__ == '__main__':
    sys.exit(main())
