# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmarks for exotel.trunking against the local emulator (see docs/performance.md).

Run from the collection root with a Python that has ansible-core and requests:

    python tests/benchmarks/bench.py            # or: make bench PYTHON=/path/to/venv/bin/python
    python tests/benchmarks/bench.py --help

Everything runs on loopback against an emulator started in this process (it stops with the
script). Every loop is bounded. Measures, side by side in one run:

  (a) a loop of exotel_trunk_phone_number over N numbers vs a loop of ansible.builtin.uri POSTs
  (b) exotel_trunk_phone_numbers over BULK_N numbers vs the per-item loop of (a), per mapping
  (c) requests per idempotent single-number check at several trunk sizes (and the bulk module's)
  (d) the bulk module under an emulator rate limit vs the lower bound that limit implies
  plus module start-up cost: import time and AnsiballZ payload size.

These are measurements, not assertions: the script exits 0 unless something could not run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import base64
import glob
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

try:
    from urllib.request import Request, urlopen
except ImportError:  # pragma: no cover
    raise SystemExit('Python 3 is required')

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCOUNT = 'exotel_test'
KEY = 'emulator_key'
TOKEN = 'emulator_token_s3cr3t'
TRUNK = 'trmum1be7c0000000000000001a1n'
MODULES = ('exotel_trunk_phone_number', 'exotel_trunk_phone_numbers')


def numbers(count, prefix='+91900'):
    width = 13 - len(prefix) + 1
    return ['%s%0*d' % (prefix, width, i) for i in range(count)]


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix='exotel-bench-')
        coll_root = os.path.join(self.tmp, 'collections')
        os.makedirs(os.path.join(coll_root, 'ansible_collections', 'exotel'))
        os.symlink(REPO, os.path.join(coll_root, 'ansible_collections', 'exotel', 'trunking'))
        self.coll_root = coll_root
        sys.path.insert(0, coll_root)
        from ansible_collections.exotel.trunking.tests.emulator import exotel_emulator as emulator  # pylint: disable=import-error
        if not args.keep_nagle:
            # The stock emulator writes headers and body in two send() calls; on a keep-alive
            # connection Nagle + delayed ACK then add ~40 ms to every request (see docs/performance.md).
            emulator.Handler.disable_nagle_algorithm = True
        self.srv = emulator.EmulatorServer(host='127.0.0.1', port=0).start()
        self.url = self.srv.url
        self.playbook_bin = args.ansible_playbook or self._find_playbook()
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

    # -- emulator control ---------------------------------------------------------------------------
    def ctl(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = Request(self.url + '/_emulator' + path, data=data, method=method, headers={'Content-Type': 'application/json'})
        with urlopen(req, timeout=60) as resp:
            return json.loads(resp.read().decode() or 'null')

    def reset(self, mappings=(), other_trunk_mappings=()):
        self.ctl('POST', '/reset', {})
        seed = {'trunks': [{'trunk_name': 'bench', 'trunk_sid': TRUNK}],
                'phone_numbers': [{'trunk_sid': TRUNK, 'phone_number': n} for n in mappings]}
        self.ctl('POST', '/seed', seed)
        self.ctl('DELETE', '/requests')

    def log(self):
        return self.ctl('GET', '/requests')['requests']

    # -- ansible-playbook --------------------------------------------------------------------------
    def conn(self):
        return dict(account_sid=ACCOUNT, api_key=KEY, api_token=TOKEN, api_url=self.url)

    def env(self, **extra):
        env = dict(os.environ)
        env.update(ANSIBLE_COLLECTIONS_PATH=self.coll_root, ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
                   ANSIBLE_REMOTE_TMP=os.path.join(self.tmp, 'remote'), ANSIBLE_LOCAL_TEMP=os.path.join(self.tmp, 'local'),
                   ANSIBLE_NOCOLOR='1', ANSIBLE_FORKS='1')
        env.update(extra)
        return env

    def play(self, name, tasks, env=None):
        """Run one play on localhost; tasks set facts bench_t_<label> via mark(); returns the timings dict."""
        out = os.path.join(self.tmp, name + '.json')
        tasks = list(tasks) + [{
            'name': 'write timings',
            'ansible.builtin.copy': {'dest': out, 'content': "{{ bench_marks | default({}) | to_json }}"},
        }]
        playbook = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
                     'module_defaults': {'group/exotel.trunking.exotel': self.conn()}, 'tasks': tasks}]
        path = os.path.join(self.tmp, name + '.yml')
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(playbook, handle)
        started = time.perf_counter()
        proc = subprocess.run([self.playbook_bin, '-i', 'localhost,', path], env=env or self.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800, check=False)
        wall = time.perf_counter() - started
        if proc.returncode != 0 or not os.path.exists(out):
            sys.stderr.write(proc.stdout.decode('utf-8', 'replace')[-6000:])
            raise SystemExit('playbook %s failed (rc %d)' % (name, proc.returncode))
        with open(out, encoding='utf-8') as handle:
            marks = json.load(handle)
        marks['_wall'] = wall
        return marks

    @staticmethod
    def mark(label):
        return {'name': 'mark %s' % label, 'ansible.builtin.set_fact': {
            'bench_marks': "{{ bench_marks | default({}) | combine({'%s': now().timestamp()}) }}" % label}}

    # -- (a) + (b) ---------------------------------------------------------------------------------
    def loops(self):
        n = self.args.n
        nums = numbers(n)
        api = '%s/v2/accounts/%s/trunks/%s/phone-numbers' % (self.url, ACCOUNT, TRUNK)
        self.reset()
        tasks = [
            self.mark('module_start'),
            {'name': 'per-item module loop', 'exotel.trunking.exotel_trunk_phone_number': {
                'trunk_sid': TRUNK, 'phone_number': '{{ item }}'}, 'loop': nums},
            self.mark('module_end'),
            {'name': 'reset (untimed)', 'ansible.builtin.uri': {
                'url': self.url + '/_emulator/reset', 'method': 'POST', 'body_format': 'json', 'body': {}}},
            {'name': 'seed (untimed)', 'ansible.builtin.uri': {
                'url': self.url + '/_emulator/seed', 'method': 'POST', 'body_format': 'json',
                'body': {'trunks': [{'trunk_name': 'bench', 'trunk_sid': TRUNK}]}}},
            self.mark('uri_start'),
            {'name': 'per-item uri loop', 'ansible.builtin.uri': {
                'url': api, 'method': 'POST', 'user': KEY, 'password': TOKEN, 'force_basic_auth': True,
                'body_format': 'json', 'body': {'phone_number': '{{ item }}'}}, 'loop': nums},
            self.mark('uri_end'),
        ]
        marks = self.play('loops', tasks)
        module_s = marks['module_end'] - marks['module_start']
        uri_s = marks['uri_end'] - marks['uri_start']
        state = self.ctl('GET', '/state')
        assert len(state['phone_numbers']) == n, 'uri loop did not map every number'
        self.results['a'] = dict(n=n, module_loop_s=module_s, uri_loop_s=uri_s, module_per_item_s=module_s / n,
                                 uri_per_item_s=uri_s / n, ratio_module_over_uri=module_s / uri_s, goal='<= 1.0')

        bulk_n = self.args.bulk_n
        bulk_nums = numbers(bulk_n, prefix='+91800')
        self.reset()
        bulk_task = {'exotel.trunking.exotel_trunk_phone_numbers': {
            'trunk_sid': TRUNK, 'phone_numbers': bulk_nums, 'requests_per_minute': 0}, 'register': 'bench_bulk'}
        marks = self.play('bulk', [self.mark('start'), dict(bulk_task, name='bulk create'), self.mark('end'),
                                   self.mark('again_start'), dict(bulk_task, name='bulk idempotent re-run'), self.mark('again_end')])
        log = self.log()
        bulk_s = marks['end'] - marks['start']
        again_s = marks['again_end'] - marks['again_start']
        writes = [r for r in log if r['method'] != 'GET']
        last_write = max(i for i, r in enumerate(log) if r['method'] != 'GET') if writes else -1
        reads_per_run = len(log) - last_write - 1  # the re-run's requests: everything after the first run's last write
        per_mapping = bulk_s / bulk_n
        self.results['b'] = dict(
            n=bulk_n, bulk_s=bulk_s, bulk_per_mapping_s=per_mapping, loop_per_mapping_s=self.results['a']['module_per_item_s'],
            speedup_bulk_vs_loop=self.results['a']['module_per_item_s'] / per_mapping, goal='>= 50x',
            requests=last_write + 1, writes=len(writes), rerun_s=again_s,
            rerun_requests=reads_per_run, rerun_writes=len(writes) - bulk_n)

    # -- (c) ---------------------------------------------------------------------------------------
    def checks(self):
        out = []
        for size in self.args.sizes:
            nums = numbers(size, prefix='+91700')
            self.reset(mappings=nums)
            probe = nums[size // 2]
            self.play('check_single_%d' % size, [{'name': 'single idempotent check', 'exotel.trunking.exotel_trunk_phone_number': {
                'trunk_sid': TRUNK, 'phone_number': probe}, 'register': 'r', 'failed_when': 'r is changed or r is failed'}])
            single = self.log()
            self.ctl('DELETE', '/requests')
            self.play('check_bulk_%d' % size, [{'name': 'bulk idempotent check', 'exotel.trunking.exotel_trunk_phone_numbers': {
                'trunk_sid': TRUNK, 'phone_numbers': nums, 'requests_per_minute': 0}, 'register': 'r',
                'failed_when': 'r is changed or r is failed'}])
            bulk = self.log()
            out.append(dict(trunk_size=size, single_check_requests=len(single),
                            single_check_calls=sorted(set('%s %s' % (r['method'], r['path'].split('/v2/accounts/%s' % ACCOUNT)[-1]) for r in single)),
                            bulk_check_requests=len(bulk), bulk_check_writes=sum(1 for r in bulk if r['method'] != 'GET')))
        self.results['c'] = dict(sizes=out, goal='flat; single check <= 3 requests at 1,000 mappings')

    # -- (d) ---------------------------------------------------------------------------------------
    def rate_limited(self, limit, window, count, rpm, label):
        nums = numbers(count, prefix='+91600')
        self.reset()
        self.ctl('POST', '/config', {'rate_limit': {'limit': limit, 'window': window}})
        try:
            marks = self.play('rate_%s' % label, [
                self.mark('start'),
                {'name': 'bulk under rate limit', 'exotel.trunking.exotel_trunk_phone_numbers': {
                    'trunk_sid': TRUNK, 'phone_numbers': nums, 'requests_per_minute': rpm}, 'register': 'r', 'ignore_errors': True},
                self.mark('end'),
                {'name': 'record outcome', 'ansible.builtin.set_fact': {
                    'bench_marks': "{{ bench_marks | combine({'failed': r is failed, 'created': r.created | default(-1)}) }}"}},
            ])
        finally:
            self.ctl('POST', '/config', {'rate_limit': None})
        log = self.log()
        ok = [r for r in log if r['status'] != 429]
        throttled = len(log) - len(ok)
        measured = marks['end'] - marks['start']
        # The k-th accepted request (0-based) cannot arrive before floor(k / limit) windows after the first:
        # compare that bound with the span from the first to the last accepted request (emulator clock).
        bound = ((len(ok) - 1) // limit) * window
        span = ok[-1]['time'] - ok[0]['time'] if ok else 0.0
        return dict(label=label, limit=limit, window_s=window, requests_per_minute_option=rpm, writes=count,
                    accepted_requests=len(ok), answered_429=throttled, task_s=measured, span_s=span, bound_s=bound,
                    ratio_span_over_bound=span / bound if bound else None, failed=marks['failed'],
                    created=marks['created'], goal='ratio <= 1.15, zero failures')

    def rates(self):
        runs = [self.rate_limited(self.args.rate_limit, self.args.rate_window, self.args.rate_n, 0, '429_retry_after')]
        if self.args.with_60s_window:
            limit = self.args.pacer_limit
            runs.append(self.rate_limited(limit, 60, 2 * limit, limit, 'client_pacer_60s'))
        self.results['d'] = runs

    # -- start-up ----------------------------------------------------------------------------------
    def startup(self):
        env = dict(os.environ, PYTHONPATH=self.coll_root)
        out = {}
        for module in MODULES:
            target = 'ansible_collections.exotel.trunking.plugins.modules.%s' % module
            best = None
            for dummy in range(5):  # keep the fastest of 5 runs: the least disturbed by other load
                proc = subprocess.run([sys.executable, '-X', 'importtime', '-c', 'import %s' % target], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
                parsed = []
                for line in proc.stderr.decode().splitlines():
                    found = re.match(r'import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)', line)
                    if found:
                        parsed.append((int(found.group(1)), int(found.group(2)), len(found.group(3)), found.group(4)))
                total = sum(r[1] for r in parsed if r[2] == 1)
                if best is None or total < best[0]:
                    best = (total, parsed)
            rows = best[1]
            top = [r for r in rows if r[2] == 1]
            total_us = sum(r[1] for r in top)
            heavy = sorted(top, key=lambda r: -r[1])[:6]
            walls = []
            base = []
            for dummy in range(5):
                t = time.perf_counter()
                subprocess.run([sys.executable, '-c', 'import %s' % target], env=env, check=True)
                walls.append(time.perf_counter() - t)
                t = time.perf_counter()
                subprocess.run([sys.executable, '-c', 'pass'], env=env, check=True)
                base.append(time.perf_counter() - t)
            out[module] = dict(import_cumulative_ms=total_us / 1000.0,
                               heaviest_top_level=[dict(name=r[3], cumulative_ms=r[1] / 1000.0) for r in heavy],
                               requests_ms=next((r[1] / 1000.0 for r in rows if r[3] == 'requests'), None),
                               basic_ms=next((r[1] / 1000.0 for r in rows if r[3] == 'ansible.module_utils.basic'), None),
                               import_wall_ms_median=(statistics.median(walls) - statistics.median(base)) * 1000.0)
        out['ansiballz'] = self.payloads()
        self.results['startup'] = out

    def payloads(self):
        remote = os.path.join(self.tmp, 'keep')
        self.reset(mappings=numbers(1, prefix='+91500'))
        env = self.env(ANSIBLE_KEEP_REMOTE_FILES='1', ANSIBLE_REMOTE_TMP=remote)
        self.play('payload', [
            {'name': 'single', 'exotel.trunking.exotel_trunk_phone_number': {'trunk_sid': TRUNK, 'phone_number': numbers(1, prefix='+91500')[0]}},
            {'name': 'bulk', 'exotel.trunking.exotel_trunk_phone_numbers': {'trunk_sid': TRUNK, 'phone_numbers': numbers(1, prefix='+91500')}},
        ], env=env)
        out = {}
        for module in MODULES:
            files = glob.glob(os.path.join(remote, '*', 'AnsiballZ_%s.py' % module))
            if not files:
                continue
            with open(files[0], 'rb') as handle:
                text = handle.read()
            entry = dict(file_bytes=len(text))
            runs = re.findall(rb'[A-Za-z0-9+/]{1000,}={0,2}', text)  # the base64 zip (ZIPDATA / zip_data=...)
            if runs:
                raw = base64.b64decode(max(runs, key=len))
                with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                    infos = archive.infolist()
                entry.update(zip_bytes=len(raw), files=len(infos), uncompressed_bytes=sum(i.file_size for i in infos),
                             collection_files=sorted(i.filename for i in infos if 'exotel' in i.filename),
                             largest=[dict(name=i.filename, bytes=i.file_size) for i in sorted(infos, key=lambda i: -i.file_size)[:5]])
            out[module] = entry
        return out

    # -- report ------------------------------------------------------------------------------------
    def machine(self):
        proc = subprocess.run([self.playbook_bin, '--version'], stdout=subprocess.PIPE, check=False)
        first = proc.stdout.decode().splitlines()[0] if proc.stdout else ''
        core = re.search(r'core ([0-9][0-9.]*[0-9])', first)
        return dict(nproc=os.cpu_count(), python=platform.python_version(), ansible_core=core.group(1) if core else first,
                    platform=platform.platform(), emulator_tcp_nodelay=not self.args.keep_nagle)


def report(results):
    lines = []
    m = results['machine']
    lines.append('machine: nproc=%s python=%s ansible-core=%s (%s); emulator TCP_NODELAY=%s'
                 % (m['nproc'], m['python'], m['ansible_core'], m['platform'], m['emulator_tcp_nodelay']))
    if 'a' in results:
        a = results['a']
        lines.append('(a) N=%d  module loop %.2fs (%.3fs/item)  uri loop %.2fs (%.3fs/item)  ratio module/uri = %.2f  [goal <= 1.0]'
                     % (a['n'], a['module_loop_s'], a['module_per_item_s'], a['uri_loop_s'], a['uri_per_item_s'], a['ratio_module_over_uri']))
    if 'b' in results:
        b = results['b']
        lines.append('(b) bulk %d numbers %.2fs (%.2f ms/mapping, %d requests)  loop %.1f ms/mapping  speed-up = %.0fx  [goal >= 50x]; '
                     'idempotent re-run %.2fs, %d requests, %d writes'
                     % (b['n'], b['bulk_s'], b['bulk_per_mapping_s'] * 1000, b['requests'], b['loop_per_mapping_s'] * 1000,
                        b['speedup_bulk_vs_loop'], b['rerun_s'], b['rerun_requests'], b['rerun_writes']))
    if 'c' in results:
        for row in results['c']['sizes']:
            lines.append('(c) trunk size %5d: single-number idempotent check = %d request(s) %s; bulk idempotent check = %d requests, %d writes'
                         % (row['trunk_size'], row['single_check_requests'], row['single_check_calls'], row['bulk_check_requests'],
                            row['bulk_check_writes']))
    for d in results.get('d', []):
        lines.append('(d) %s: limit %d/%ss, %d writes, %d accepted + %d answered 429: first-to-last request %.2fs vs bound %.2fs, '
                     'ratio %.3f [goal <= 1.15]; whole task %.2fs; failed=%s created=%s [goal 0 failures]'
                     % (d['label'], d['limit'], d['window_s'], d['writes'], d['accepted_requests'], d['answered_429'], d['span_s'],
                        d['bound_s'], d['ratio_span_over_bound'] or 0, d['task_s'], d['failed'], d['created']))
    if 'startup' in results:
        s = results['startup']
        for module in MODULES:
            if module in s:
                x = s[module]
                lines.append('startup %s: import %.1f ms cumulative (-X importtime), %.1f ms wall over bare python; requests %.1f ms, '
                             'ansible.module_utils.basic %.1f ms' % (module, x['import_cumulative_ms'], x['import_wall_ms_median'],
                                                                     x['requests_ms'] or 0, x['basic_ms'] or 0))
            z = s.get('ansiballz', {}).get(module)
            if z:
                lines.append('  AnsiballZ_%s.py %d bytes (zip %d bytes, %d files, %d bytes uncompressed); collection files: %s'
                             % (module, z['file_bytes'], z.get('zip_bytes', 0), z.get('files', 0), z.get('uncompressed_bytes', 0),
                                ', '.join(z.get('collection_files', []))))
    return '\n'.join(lines)


def add_common_arguments(parser):
    """The options every benchmark script of this directory takes."""
    parser.add_argument('--keep-nagle', action='store_true', help='leave the emulator stock (adds ~40 ms per keep-alive request)')
    parser.add_argument('--ansible-playbook', help='ansible-playbook to use (default: next to this Python, else PATH)')
    parser.add_argument('--json', help='also write the results as JSON to this file')


def publish(text, results, json_path):
    """Print the summary; also write the results as JSON when asked to."""
    print(text)
    if json_path:
        with open(json_path, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=2, sort_keys=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--n', type=int, default=20, help='numbers in the per-item loops of (a) (default 20)')
    parser.add_argument('--bulk-n', type=int, default=1000, help='numbers in the bulk run of (b) (default 1000)')
    parser.add_argument('--sizes', type=lambda s: [int(x) for x in s.split(',')], default=[10, 1000, 5000],
                        help='trunk sizes for (c), comma-separated (default 10,1000,5000)')
    parser.add_argument('--rate-limit', type=int, default=25, help='emulator rate limit for (d): requests per window (default 25)')
    parser.add_argument('--rate-window', type=float, default=4.0, help='emulator rate-limit window in seconds for (d) (default 4)')
    parser.add_argument('--rate-n', type=int, default=100, help='writes in the rate-limited bulk run (default 100)')
    parser.add_argument('--with-60s-window', action='store_true',
                        help='also run (d) with a 60 s emulator window and the client pacer set to the same budget (takes ~2 min)')
    parser.add_argument('--pacer-limit', type=int, default=30, help='budget per 60 s for --with-60s-window (default 30)')
    parser.add_argument('--only', default='a,b,c,d,startup', help='comma-separated subset of a,b,c,d,startup ((b) needs (a))')
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.n < 1 or args.n > 1000 or args.bulk_n < 1 or args.bulk_n > 20000 or max(args.sizes) > 20000:
        parser.error('bounds: 1 <= --n <= 1000, 1 <= --bulk-n <= 20000, sizes <= 20000')
    only = set(args.only.split(','))
    bench = Bench(args)
    try:
        bench.results['machine'] = bench.machine()
        if 'a' in only or 'b' in only:
            bench.loops()
        if 'c' in only:
            bench.checks()
        if 'd' in only:
            bench.rates()
        if 'startup' in only:
            bench.startup()
    finally:
        bench.close()
    publish(report(bench.results), bench.results, args.json)
    return 0


if __name__ == '__main__':
    sys.exit(main())
