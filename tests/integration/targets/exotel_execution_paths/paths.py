# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helper of runme.sh.

    paths.py reset                 empty the emulator's account and its request log ($REL_URL)
    paths.py same A.json B.json    the registered results of two runs of paths.yml must be the same,
                                   once what differs between any two runs (dates, generated ids) is
                                   replaced by placeholders; prints the first differences otherwise
    paths.py check A.json          the results make sense on their own (so that "the same" is not
                                   "the same failure")
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import sys

from urllib.request import Request, urlopen

VOLATILE_KEYS = frozenset(['date_created', 'date_updated', 'request_id'])
TRUNK_SID = re.compile(r'trmum1[0-9a-f]{20}1n')
REQUEST_ID = re.compile(r'request_id [0-9a-f]{32}')


def control(method, path):
    request = Request(os.environ['REL_URL'] + '/_emulator' + path, method=method)
    with urlopen(request, timeout=10) as response:
        response.read()


def normalise(value, sids):
    if isinstance(value, dict):
        return dict((k, '<%s>' % k if k in VOLATILE_KEYS and v is not None else normalise(v, sids)) for k, v in value.items())
    if isinstance(value, list):
        return [normalise(v, sids) for v in value]
    if isinstance(value, str):
        value = REQUEST_ID.sub('request_id <request_id>', value)
        return TRUNK_SID.sub(lambda m: sids.setdefault(m.group(0), '<trunk %d>' % len(sids)), value)
    return value


def differences(a, b, path='', out=None):
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append('%s.%s: only in %s' % (path, key, 'the first' if key in a else 'the second'))
            else:
                differences(a[key], b[key], '%s.%s' % (path, key), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b)):
            differences(x, y, '%s[%d]' % (path, index), out)
    elif a != b:
        out.append('%s: %s != %s' % (path, json.dumps(a)[:300], json.dumps(b)[:300]))
    return out


def load(path):
    with open(path) as handle:
        return normalise(json.load(handle), {})


def check(results):
    expect = [
        ('r_trunk_check', lambda r: r['changed'] and r['diff']['before'] == {}),
        ('r_trunk', lambda r: r['changed'] and r['trunk']['trunk_name'] == 'paths_trunk'),
        ('r_trunk_again', lambda r: not r['changed']),
        ('r_map', lambda r: r['changed'] and r['mapping']['mode'] is None and re.match(r'^\d+$', r['mapping']['id'])),
        ('r_map_check', lambda r: r['changed'] and r['diff']['before']['mode'] is None and r['diff']['after']['mode'] == 'flow'),
        ('r_loop', lambda r: [x['changed'] for x in r['results']] == [True, True, True]),
        ('r_bulk', lambda r: r['changed'] and len(r['mappings']) == 2),
        ('r_cred', lambda r: r['changed'] and r['credential']['user_name'] == 'paths_sip'),
        ('r_info_numbers', lambda r: len(r['mappings']) == 2),
        ('r_round_trip', lambda r: not r['changed'] and r['changes'] == []),
        ('r_bad_number', lambda r: r['failed'] and 'phone_number' in r['msg']),
        ('r_unknown', lambda r: r['failed'] and r['msg'].startswith('Unsupported parameters for (exotel.trunking.exotel_trunk_phone_number) module: colour.')),
        ('r_missing', lambda r: r['failed'] and r['msg'] == 'missing required arguments: trunk_sid'),
        ('r_no_trunk', lambda r: r['failed'] and 'trmum1000000000000000000000n' in r['msg']),
        ('r_auth', lambda r: r['failed'] and 'Check api_key and api_token' in r['msg']),
        ('r_env', lambda r: r['failed'] and 'http://127.0.0.1:9' in r['msg']),
        ('r_url_secret', lambda r: r['failed'] and r['msg'].startswith('api_url must not contain credentials')),
        ('r_defaults', lambda r: r['failed'] and 'region' in r['msg'] and 'moon' in r['msg']),
        ('r_trunk_absent', lambda r: r['changed'] and r['diff']['after'] == {}),
    ]
    bad = [name for name, ok in expect if not ok(results[name])]
    if bad:
        for name in bad:
            print('%s: %s' % (name, json.dumps(results[name], sort_keys=True)[:600]))
        raise SystemExit('unexpected results: %s' % ', '.join(bad))


def main(argv):
    if argv[1:] == ['reset']:
        control('POST', '/reset')
        control('DELETE', '/requests')
    elif argv[1] == 'same' and len(argv) == 4:
        found = differences(load(argv[2]), load(argv[3]))
        if found:
            print('\n'.join(found[:40]))
            raise SystemExit('%d difference(s) between %s and %s' % (len(found), argv[2], argv[3]))
    elif argv[1] == 'check' and len(argv) == 3:
        check(load(argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
