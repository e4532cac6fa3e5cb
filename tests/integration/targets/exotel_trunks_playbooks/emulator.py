# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helper of runme.sh: seed the emulator, check its request log, check and edit exported files.

    emulator.py seed                        the account the target starts from (password from $REL_CRED_PASSWORD)
    emulator.py wire [WRITE ...]            the writes since the last call must be exactly WRITE ... ("POST trunks");
                                            then the request log is cleared
    emulator.py check-export FILE [STATE]   FILE is an export of the seeded account (STATE initial) or of the edited one (final)
    emulator.py edit IN OUT                 the edit that runme.sh applies: a new trunk with a credential, a number moved
    emulator.py tamper                      a change behind the file's back: an IP added to trunk beta
    emulator.py guide-playbook RST OUT      the drift_check.yml of the drift guide, taken from its code block

The emulator's URL comes from $REL_URL. No secret is ever printed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import sys

from urllib.request import Request, urlopen

import yaml

DOMAIN = 'exotel_test.pstn.exotel.com'
ALPHA = {'trunk_name': 'alpha', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN,
         'phone_numbers': ['+919300000001', {'phone_number': '+919300000002', 'mode': 'flow'}],
         'whitelisted_ips': [{'ip': '44.248.146.11', 'mask': 32}],
         'destination_uris': [{'destination': 'sip:44.248.146.11:5061;transport=tls', 'priority': 0, 'weight': 5}],
         'credentials': [{'user_name': 'alpha_sip', 'friendly_name': 'alpha_label'}],
         'settings': {'trunk_external_alias': '+919300000001'}}
EMPTY = {'nso_code': 'ANY-ANY', 'domain_name': DOMAIN, 'phone_numbers': [], 'whitelisted_ips': [], 'destination_uris': [],
         'credentials': [], 'settings': {}}
INITIAL = [ALPHA, dict(EMPTY, trunk_name='beta', phone_numbers=['+919300000003'])]
FINAL = [dict(ALPHA, phone_numbers=ALPHA['phone_numbers'] + ['+919300000003']), dict(EMPTY, trunk_name='beta'),
         dict(EMPTY, trunk_name='gamma', credentials=[{'user_name': 'gamma_sip', 'friendly_name': 'gamma_label'}])]
PASSWORD_LOOKUP = "{{ lookup('ansible.builtin.env', 'REL_CRED_PASSWORD') }}"


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = Request(os.environ['REL_URL'] + '/_emulator' + path, data=data, method=method, headers={'Content-Type': 'application/json'})
    with urlopen(request, timeout=30) as response:  # nosec - the loopback emulator
        return json.loads(response.read().decode('utf-8') or 'null')


def seed():
    control('POST', '/seed', {
        'trunks': [{'trunk_name': 'alpha'}, {'trunk_name': 'beta'}],
        'phone_numbers': [{'trunk_name': 'alpha', 'phone_number': '+919300000001'},
                          {'trunk_name': 'alpha', 'phone_number': '+919300000002', 'mode': 'flow'},
                          {'trunk_name': 'beta', 'phone_number': '+919300000003'}],
        'whitelisted_ips': [{'trunk_name': 'alpha', 'ip': '44.248.146.11', 'mask': 32}],
        'destination_uris': [{'trunk_name': 'alpha', 'destination': '44.248.146.11:5061;transport=tls', 'priority': 0, 'weight': 5}],
        'credentials': [{'trunk_name': 'alpha', 'user_name': 'alpha_sip', 'password': os.environ['REL_CRED_PASSWORD'],
                         'friendly_name': 'alpha_label'}],
        'settings': [{'trunk_name': 'alpha', 'name': 'trunk_external_alias', 'value': '+919300000001'}],
    })
    control('DELETE', '/requests')
    print('seeded: alpha (one item of each kind), beta (one number)')


def collection_of(path):
    if re.search(r'/trunks$', path):
        return 'trunks'
    return re.sub(r'/[0-9]+$', '/ID', re.sub(r'^.*/trunks/[^/]+/', '', path))


def wire(expected):
    requests = control('GET', '/requests')['requests']
    control('DELETE', '/requests')
    writes = ['%s %s' % (r['method'], collection_of(r['path'])) for r in requests if r['method'] != 'GET']
    print('wire: %d requests (%d reads); writes: %s' % (len(requests), len(requests) - len(writes), writes))
    if writes != expected:
        sys.exit('expected the writes %s, got %s' % (expected, writes))
    if any(r['status'] is None or r['status'] >= 400 for r in requests if r['method'] != 'GET'):
        sys.exit('a write failed: %s' % [(r['method'], r['path'], r['status']) for r in requests])


def check_export(path, state='initial'):
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    data = yaml.safe_load(text)
    expected = INITIAL if state == 'initial' else FINAL
    if data != {'exotel_trunks': expected}:
        sys.exit('%s does not hold the %s export:\n%s' % (path, state, text))
    if not text.startswith('# The Exotel trunks of one account (%d), exported by ansible-playbook exotel.trunking.export.' % len(expected)):
        sys.exit('%s lacks the header comment:\n%s' % (path, text[:300]))
    print('%s: the %s export of %d trunks' % (path, state, len(expected)))


def edit(source, target):
    with open(source, encoding='utf-8') as handle:
        trunks = yaml.safe_load(handle)['exotel_trunks']
    trunks[0]['phone_numbers'].append('+919300000003')
    trunks[1]['phone_numbers'] = []
    trunks.append({'trunk_name': 'gamma', 'credentials': [{'user_name': 'gamma_sip', 'password': PASSWORD_LOOKUP, 'friendly_name': 'gamma_label'}]})
    with open(target, 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'exotel_trunks': trunks}, handle, sort_keys=False)
    print('%s: %s with +919300000003 moved from beta to alpha, and trunk gamma added' % (target, source))


def tamper():
    control('POST', '/seed', {'whitelisted_ips': [{'trunk_name': 'beta', 'ip': '203.0.113.7', 'mask': 32}]})
    print('added 203.0.113.7/32 to trunk beta behind the file\'s back')


def guide_playbook(rst, target):
    """The first code block after the paragraph that names ``drift_check.yml``, dedented."""
    with open(rst, encoding='utf-8') as handle:
        text = handle.read()
    after = text[text.index('``drift_check.yml``:'):]
    block = re.search(r'\.\. code-block:: [a-z+]+\n\n((?:   .*\n|\n)+)', after).group(1)
    playbook = '\n'.join(line[3:] for line in block.rstrip().split('\n')) + '\n'
    yaml.safe_load(playbook)
    with open(target, 'w', encoding='utf-8') as handle:
        handle.write('---\n' + playbook)
    print('%s: the drift check of %s (%d lines)' % (target, rst, playbook.count('\n')))


def main(argv):
    command, args = argv[0], argv[1:]
    if command == 'seed':
        seed()
    elif command == 'wire':
        wire(args)
    elif command == 'check-export':
        check_export(*args)
    elif command == 'edit':
        edit(*args)
    elif command == 'tamper':
        tamper()
    elif command == 'guide-playbook':
        guide_playbook(*args)
    else:
        sys.exit('unknown command %s' % command)


if __name__ == '__main__':
    main(sys.argv[1:])
