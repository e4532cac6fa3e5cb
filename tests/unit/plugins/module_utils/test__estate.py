# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The planner of exotel_trunks (plugins/module_utils/_estate.py), without HTTP.

``parse_config`` is tested as the pure function it is. Reading, planning and applying run the real
engines and per-kind API classes over :class:`FakeClient`, an in-memory account that answers the
five calls the API layer makes of the HTTP client (``get_list``, ``get_object``, ``write``,
``write_batch``, ``account_path``) and records each of them, so a test can assert the exact order of
the writes. The HTTP conversations themselves are in tests/unit/plugins/modules/test_exotel_trunks.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import json
import re

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_credentials import CredentialWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_destination_uris import DestinationURIWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import PhoneNumberWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_settings import SettingWant
from ansible_collections.exotel.trunking.plugins.module_utils._api_whitelisted_ips import WhitelistedIPWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine_credentials import PASSWORD_MARK
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelDuplicateError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    InputError,
    TaskFailure,
)
from ansible_collections.exotel.trunking.plugins.module_utils._estate import ITEM_KINDS, STATES, parse_config
from ansible_collections.exotel.trunking.plugins.module_utils._runner import RunContext
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNKS
from ansible_collections.exotel.trunking.tests.unit.utils import FakeClock

ACCOUNT = 'exotel_test'
PREFIX = '/v2/accounts/' + ACCOUNT
DOMAIN = ACCOUNT + '.pstn.exotel.com'
PASSWORD = 'Sip_secret_4b9e2c71'
DATE = '2026-01-23T09:24:59Z'
COLLECTIONS = ('phone-numbers', 'whitelisted-ips', 'destination-uris', 'credentials', 'settings')


# -- an in-memory account ------------------------------------------------------------------------

class Fault:
    """Raise ``exc`` for the next call matching ``method`` and ``pattern`` (re.search on the account-relative path);
    with ``commit`` the write is carried out first (a lost answer)."""

    def __init__(self, method, pattern, exc, commit=False):
        self.method, self.pattern, self.exc, self.commit = method, pattern, exc, commit


class FakeClient:
    """An Exotel account in memory, behind the calls the per-kind API classes make of the HTTP client.

    ``calls`` records ``(method, path)`` with the path relative to the account (``/trunks/...``); ``writes()``
    returns the non-GET ones. Items are stored as Exotel's ``data`` objects.
    """

    def __init__(self):
        self.trunks = []
        self.items = {}
        self.calls = []
        self.faults = []
        self.sids = itertools.count(1)
        self.ids = itertools.count(41500)

    # -- set-up ----------------------------------------------------------------------------------
    def add_trunk(self, name, nso_code='ANY-ANY', domain_name=DOMAIN):
        sid = 'trmum1%018x1a1n' % next(self.sids)
        self.trunks.append(dict(trunk_sid=sid, trunk_name=name, nso_code=nso_code, domain_name=domain_name, status='active',
                                auth_type='IP-WHITELIST', registration_enabled='disabled', edge_preference='auto',
                                secure_trunking='disabled', date_created=DATE, date_updated=DATE))
        for collection in COLLECTIONS:
            self.items[(sid, collection)] = []
        return sid

    def sid(self, name):
        return next(t['trunk_sid'] for t in self.trunks if t['trunk_name'] == name)

    def add(self, trunk, collection, data):
        sid = self.sid(trunk)
        item = dict(data, trunk_sid=sid, date_created=DATE, date_updated=DATE)
        if collection != 'settings':
            item['id'] = str(next(self.ids))
        if collection == 'destination-uris':
            item.setdefault('type', 'public')
            item['destination'] = 'sip:' + item['destination']
        self.items[(sid, collection)].append(item)
        return item

    def account(self, **trunks):
        """``account(alpha={'phone-numbers': [{'phone_number': ..., 'mode': None}], ...}, beta={})``."""
        for name in sorted(trunks):
            self.add_trunk(name)
            for collection, entries in trunks[name].items():
                for entry in entries:
                    self.add(name, collection, entry)
        return self

    def fail(self, method, pattern, exc, commit=False):
        self.faults.append(Fault(method, pattern, exc, commit))

    def writes(self):
        return [call for call in self.calls if call[0] != 'GET']

    def reads(self):
        return [call for call in self.calls if call[0] == 'GET']

    def held(self, collection, name):
        return self.items[(self.sid(name), collection)]

    # -- what the API layer calls --------------------------------------------------------------------
    def account_path(self, *segments):
        return PREFIX + '/' + '/'.join(segments)

    def _enter(self, method, path):
        rel = path[len(PREFIX):]
        self.calls.append((method, rel))
        for fault in self.faults:
            if fault.method == method and re.search(fault.pattern, rel):
                self.faults.remove(fault)
                return rel, fault
        return rel, None

    def _trunk_items(self, sid, collection):
        if (sid, collection) not in self.items:
            raise ExotelNotFoundError('not found', http_status=404, error_code=1000)
        return self.items[(sid, collection)]

    def _run(self, method, path, operation):
        rel, fault = self._enter(method, path)
        if fault is not None and not fault.commit:
            raise fault.exc
        result = operation(rel.strip('/').split('/'))
        if fault is not None:
            raise fault.exc
        return result

    def get_list(self, path, params=None):
        def operation(parts):
            if parts == ['trunks']:
                return [dict(t) for t in self.trunks]
            return [dict(i) for i in self._trunk_items(parts[1], parts[2])]
        return self._run('GET', path, operation)

    def get_object(self, path, params=None):
        def operation(parts):
            for (sid, collection), items in self.items.items():
                for item in items:
                    if collection == 'phone-numbers' and item['phone_number'] == params['exophone']:
                        return dict(exophone=item['phone_number'], trunk_sid=sid, phone_number_id=item['id'], mode=item['mode'])
            raise ExotelNotFoundError('not mapped', http_status=404, error_code=1000)
        return self._run('GET', path, operation)

    def write(self, method, path, params=None, body=None):
        return self._run(method, path, lambda parts: getattr(self, '_%s_%d' % (method.lower(), len(parts)))(parts, params, body))

    def write_batch(self, path, body):
        def operation(parts):
            key = 'destinations' if parts[2] == 'destination-uris' else 'settings'
            return [self._post_3(parts, None, entry) for entry in body[key]]
        return self._run('POST', path, operation)

    # POST /trunks, POST /trunks/{sid}/{collection}
    def _post_1(self, parts, params, body):
        if any(t['trunk_name'] == body['trunk_name'] for t in self.trunks):
            raise ExotelDuplicateError('duplicate trunk', http_status=200, code=409, error_code=1008)
        sid = self.add_trunk(body['trunk_name'], body['nso_code'], body['domain_name'])
        return dict(self.trunks[-1], trunk_sid=sid)

    def _post_3(self, parts, params, body):
        sid, collection = parts[1], parts[2]
        items = self._trunk_items(sid, collection)
        if collection == 'settings':
            items[:] = [i for i in items if i['name'] != body['name']]
            item = dict(body, trunk_sid=sid, date_created=DATE, date_updated=DATE)
        else:
            if collection == 'phone-numbers' and any(i['phone_number'] == body['phone_number']
                                                     for (s, c), held in self.items.items() if c == collection for i in held):
                raise ExotelDuplicateError('duplicate number', http_status=200, code=409, error_code=1008)
            item = dict(body, id=str(next(self.ids)), trunk_sid=sid, date_created=DATE, date_updated=DATE)
            item.pop('password', None)
            if collection == 'phone-numbers':
                item.setdefault('mode', None)
            if collection == 'destination-uris':
                item.update(destination='sip:' + body['destination'], type='public', priority=0, weight=1)
        items.append(item)
        return dict(item)

    # PUT /trunks/{sid}, PUT /trunks/{sid}/{collection}/{id}
    def _put_2(self, parts, params, body):
        trunk = next(t for t in self.trunks if t['trunk_sid'] == parts[1])
        trunk.update(body)
        return dict(trunk)

    def _put_4(self, parts, params, body):
        item = next(i for i in self._trunk_items(parts[1], parts[2]) if i['id'] == parts[3])
        item.update((k, v) for k, v in body.items() if k != 'password')
        return dict(item)

    # DELETE /trunks?trunk_sid=, DELETE /trunks/{sid}/{collection}?id= (or ?name=)
    def _delete_1(self, parts, params, body):
        trunk = next(t for t in self.trunks if t['trunk_sid'] == params['trunk_sid'])
        self.trunks.remove(trunk)
        for collection in COLLECTIONS:
            del self.items[(trunk['trunk_sid'], collection)]
        return dict(trunk)

    def _delete_3(self, parts, params, body):
        items = self._trunk_items(parts[1], parts[2])
        field, value = ('name', params['name']) if 'name' in params else ('id', params['id'])
        item = next(i for i in items if i[field] == value)
        items.remove(item)
        return dict(item)


# -- running the planner ---------------------------------------------------------------------------

class Run:
    """What one run gave: ``result`` (the result, or the failure's result keys plus msg), ``failed``, ``warnings``."""

    def __init__(self, result, failed, warnings):
        self.result, self.failed, self.warnings = result, failed, warnings

    def __getitem__(self, key):
        return self.result[key]

    def get(self, key, default=None):
        return self.result.get(key, default)

    @property
    def changes(self):
        return [(c['action'], c['kind'], c['trunk_name'], c['key']) for c in self.result.get('changes', [])]


def run(client, state, config=None, check=False, diff=False, update_password='on_create'):
    warnings = []
    ctx = RunContext(dict(account_sid=ACCOUNT, max_retries=2, state=state, config=config, update_password=update_password),
                     check_mode=check, diff_mode=diff, warn=warnings.append, clock=FakeClock())
    ctx._client = client  # pylint: disable=protected-access
    client.calls = []
    try:
        return Run(EXOTEL_TRUNKS.run(ctx), False, warnings)
    except TaskFailure as exc:
        return Run(dict(exc.result, msg=exc.msg), True, warnings)


def gathered(client, names=None):
    config = [{'trunk_name': name} for name in names] if names else None
    return run(client, 'gathered', config)['gathered']


def full_config():
    return [{
        'trunk_name': 'alpha',
        'phone_numbers': ['+919000000001', {'phone_number': '+919000000002', 'mode': 'flow'}],
        'whitelisted_ips': ['44.248.146.11', '10.1.0.0/24'],
        'destination_uris': [{'destination': '44.248.146.11:5061;transport=tls', 'weight': 5}, 'sip.example.com:5060'],
        'credentials': [{'user_name': 'u1', 'password': PASSWORD, 'friendly_name': 'f1'}],
        'settings': {'trunk_external_alias': '+919000000001'},
    }, {
        'trunk_name': 'beta',
        'phone_numbers': ['+919000000003'],
    }]


def empty_trunk(name, nso_code='ANY-ANY', domain_name=DOMAIN):
    return dict(trunk_name=name, nso_code=nso_code, domain_name=domain_name, phone_numbers=[], whitelisted_ips=[],
                destination_uris=[], credentials=[], settings={})


def built():
    """An account holding exactly full_config(), built by a merged run."""
    client = FakeClient()
    assert not run(client, 'merged', full_config()).failed
    return client


def assert_no_secret(*results):
    for result in results:
        assert PASSWORD not in json.dumps(getattr(result, 'result', result))


# -- 1. parse_config: normalisation ------------------------------------------------------------------

def test_parse_normalises_every_element_form():
    trunk, = parse_config([{
        'trunk_name': 'alpha', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN,
        'phone_numbers': ['+919000000001', {'phone_number': '+919000000002', 'mode': 'flow'}, {'phone_number': '+919000000003'}],
        'whitelisted_ips': ['44.248.146.11', ' 10.1.0.0/24 ', {'ip': '10.2.0.0', 'mask': 16}, {'ip': '10.3.0.1'}],
        'destination_uris': ['sip:sip.example.com:5061;transport=tls', {'destination': '44.248.146.11:5060', 'priority': 1, 'weight': 5},
                             {'destination': 'b.example.com:5060', 'weight': 2}],
        'credentials': [{'user_name': 'u1', 'password': PASSWORD, 'friendly_name': 'f1'}, {'user_name': 'u2'}],
        'settings': {'trunk_external_alias': '+919000000001'},
    }], 'merged')
    assert (trunk.index, trunk.name, trunk.nso_code, trunk.domain_name) == (0, 'alpha', 'ANY-ANY', DOMAIN)
    assert trunk.where == 'config[0] (trunk alpha)'
    assert trunk.items['phone_numbers'] == [(0, PhoneNumberWant('+919000000001', None)), (1, PhoneNumberWant('+919000000002', 'flow')),
                                            (2, PhoneNumberWant('+919000000003', None))]
    assert trunk.items['whitelisted_ips'] == [(0, WhitelistedIPWant('44.248.146.11', 32)), (1, WhitelistedIPWant('10.1.0.0', 24)),
                                              (2, WhitelistedIPWant('10.2.0.0', 16)), (3, WhitelistedIPWant('10.3.0.1', 32))]
    assert trunk.items['destination_uris'] == [(0, DestinationURIWant('sip.example.com:5061;transport=tls', None, None)),
                                               (1, DestinationURIWant('44.248.146.11:5060', 1, 5)),
                                               (2, DestinationURIWant('b.example.com:5060', None, 2))]
    assert trunk.items['credentials'] == [(0, CredentialWant('u1', PASSWORD, 'f1')), (1, CredentialWant('u2', None, None))]
    assert trunk.items['settings'] == [(0, SettingWant('trunk_external_alias', '+919000000001'))]


def test_parse_omitted_keys_are_none_and_empty_lists_stay_empty():
    first, second = parse_config([{'trunk_name': 'a'}, {'trunk_name': 'b', 'phone_numbers': [], 'whitelisted_ips': [],
                                                        'destination_uris': [], 'credentials': [], 'settings': {}}], 'replaced')
    assert first.nso_code is None and first.domain_name is None
    assert all(first.items[kind] is None for kind in ITEM_KINDS)
    assert all(second.items[kind] == [] for kind in ITEM_KINDS)


def test_parse_keeps_input_order():
    assert [t.name for t in parse_config([{'trunk_name': 'zulu'}, {'trunk_name': 'alpha'}], 'merged')] == ['zulu', 'alpha']


@pytest.mark.parametrize('state', ['merged', 'replaced', 'overridden', 'deleted'])
def test_parse_config_is_required_except_for_gathered(state):
    with pytest.raises(InputError) as info:
        parse_config(None, state)
    assert str(info.value) == ('config is required with state=%s (a list of trunks; with state=overridden, [] means "no trunks")' % state)


def test_parse_gathered_without_config_and_overridden_with_empty_config():
    assert parse_config(None, 'gathered') == []
    assert parse_config([], 'overridden') == []


# -- 1. parse_config: every error message ------------------------------------------------------------

W = 'config[0] (trunk alpha) '


@pytest.mark.parametrize('entry, expected', [
    ({'trunk_name': 'bad name'}, "config[0] (trunk bad name) trunk_name 'bad name' is not valid: use 1 to 16 characters"),
    ({'trunk_name': 'x' * 17}, "trunk_name '%s' is not valid" % ('x' * 17)),
    ({'trunk_name': 'alpha', 'nso_code': 'any any'}, W + "nso_code 'any any' is not valid: expected an upper-case code"),
    ({'trunk_name': 'alpha', 'domain_name': 'x.example.com'}, W + "domain_name 'x.example.com' is not valid: it must be a host name ending in "
                                                                  ".pstn.exotel.com"),
    ({'trunk_name': 'alpha', 'phone_numbers': '+919000000001'}, W + "phone_numbers must be a list, got '+919000000001'"),
    ({'trunk_name': 'alpha', 'phone_numbers': ['+91 98']}, W + "phone_numbers[0] '+91 98' is not an E.164 number"),
    ({'trunk_name': 'alpha', 'phone_numbers': ['+91 9000 000001']}, "(did you mean '+919000000001'?)"),
    ({'trunk_name': 'alpha', 'phone_numbers': [919000000001]}, W + "phone_numbers[0]: 919000000001 is neither an E.164 string nor a dict"),
    ({'trunk_name': 'alpha', 'phone_numbers': [{'phone_number': '+919000000001', 'mod': 'flow'}]},
     W + 'phone_numbers[0]: unknown key(s) mod; allowed keys are phone_number and mode'),
    ({'trunk_name': 'alpha', 'phone_numbers': [{'mode': 'flow'}]}, W + 'phone_numbers[0]: phone_number is required in a dict element'),
    ({'trunk_name': 'alpha', 'phone_numbers': [{'phone_number': '+919000000001', 'mode': 'PSTN'}]},
     W + "phone_numbers[0]: mode 'PSTN' is not valid: use pstn or flow"),
    ({'trunk_name': 'alpha', 'phone_numbers': ['+919000000001', {'phone_number': '+919000000001', 'mode': 'flow'}]},
     W + 'phone_numbers[1]: listed again (first at phone_numbers[0]); list each item once'),
    ({'trunk_name': 'alpha', 'whitelisted_ips': ['10.0.0.0/x']}, W + "whitelisted_ips[0] '10.0.0.0/x' is not valid: expected a.b.c.d or a.b.c.d/nn"),
    ({'trunk_name': 'alpha', 'whitelisted_ips': ['10.0.0.0/8']}, W + 'whitelisted_ips[0] mask 8 is not valid: Exotel accepts a CIDR prefix '
                                                                     'length from 16 to 32'),
    ({'trunk_name': 'alpha', 'whitelisted_ips': ['10.0.0.300']}, W + "whitelisted_ips[0] '10.0.0.300' is not a valid IPv4 address"),
    ({'trunk_name': 'alpha', 'whitelisted_ips': ['::1']}, W + "whitelisted_ips[0] '::1' is an IPv6 address"),
    ({'trunk_name': 'alpha', 'whitelisted_ips': [32]}, W + 'whitelisted_ips[0]: 32 is neither an IPv4 address string'),
    ({'trunk_name': 'alpha', 'whitelisted_ips': [{'ip': '10.0.0.1', 'prefix': 24}]},
     W + 'whitelisted_ips[0]: unknown key(s) prefix; allowed keys are ip, mask'),
    ({'trunk_name': 'alpha', 'whitelisted_ips': [{'mask': 24}]}, W + 'whitelisted_ips[0]: ip is required in a dict element'),
    ({'trunk_name': 'alpha', 'whitelisted_ips': [{'ip': '10.0.0.0/24'}]}, W + "whitelisted_ips[0] ip '10.0.0.0/24' is a network, not an address"),
    ({'trunk_name': 'alpha', 'whitelisted_ips': [{'ip': '10.0.0.1', 'mask': '24'}]}, W + "whitelisted_ips[0] mask '24' is not valid"),
    ({'trunk_name': 'alpha', 'whitelisted_ips': ['10.0.0.1', {'ip': '10.0.0.1', 'mask': 24}]},
     W + 'whitelisted_ips[1]: listed again (first at whitelisted_ips[0])'),
    ({'trunk_name': 'alpha', 'destination_uris': ['sip.example.com']}, W + "destination_uris[0] 'sip.example.com' is not a valid destination"),
    ({'trunk_name': 'alpha', 'destination_uris': ['localhost:5060']}, "is neither an IPv4 address nor a fully qualified domain name"),
    ({'trunk_name': 'alpha', 'destination_uris': [5060]}, W + 'destination_uris[0]: 5060 is neither a destination string'),
    ({'trunk_name': 'alpha', 'destination_uris': [{'destination': 'a.example.com:5060', 'prio': 1}]},
     W + 'destination_uris[0]: unknown key(s) prio; allowed keys are destination, priority, weight'),
    ({'trunk_name': 'alpha', 'destination_uris': [{'weight': 1}]}, W + 'destination_uris[0]: destination is required in a dict element'),
    ({'trunk_name': 'alpha', 'destination_uris': [{'destination': 'a.example.com:5060', 'priority': -1}]},
     W + 'destination_uris[0] priority -1 is not valid: it must be 0 or greater'),
    ({'trunk_name': 'alpha', 'destination_uris': [{'destination': 'a.example.com:5060', 'weight': 'x'}]},
     W + "destination_uris[0] weight 'x' is not valid"),
    ({'trunk_name': 'alpha', 'destination_uris': ['a.example.com:5060', 'SIP:A.Example.com:5060']},
     W + 'destination_uris[1]: listed again (first at destination_uris[0])'),
    ({'trunk_name': 'alpha', 'credentials': ['u1']}, W + "credentials[0]: 'u1' is not a dict with user_name, password and friendly_name"),
    ({'trunk_name': 'alpha', 'credentials': [{'user_name': 'u-1'}]}, W + "credentials[0] user_name 'u-1' is not valid"),
    ({'trunk_name': 'alpha', 'credentials': [{'user_name': 'u1', 'friendly_name': 'a b'}]}, W + "credentials[0] friendly_name 'a b' is not valid"),
    ({'trunk_name': 'alpha', 'credentials': [{'user_name': 'u1'}, {'user_name': 'u1'}]}, W + 'credentials[1]: listed again (first at credentials[0])'),
    ({'trunk_name': 'alpha', 'settings': ['trunk_external_alias']}, W + 'settings must be a dict of setting name to value'),
    ({'trunk_name': 'alpha', 'settings': {'Alias': '+919000000001'}}, W + "settings.Alias name 'Alias' is not a valid setting name"),
    ({'trunk_name': 'alpha', 'settings': {'trunk_external_alias': '12345'}}, W + "settings.trunk_external_alias '12345' is not an E.164 number"),
    ({'trunk_name': 'alpha', 'settings': {'trunk_external_alias': 919000000001}},
     W + 'settings.trunk_external_alias 919000000001 is not valid: setting trunk_external_alias needs a non-empty string'),
    ({'trunk_name': 'alpha', 'settings': {'trunk_external_alias': None}}, W + 'settings.trunk_external_alias is required'),
])
def test_parse_rejects(entry, expected):
    with pytest.raises(InputError) as info:
        parse_config([entry], 'merged')
    text = str(info.value)
    assert text.startswith('config has 1 problem (nothing was changed): ')
    assert expected in text


def test_parse_never_shows_a_bad_password():
    with pytest.raises(InputError) as info:
        parse_config([{'trunk_name': 'alpha', 'credentials': [{'user_name': 'u1', 'password': 'bad-pw-d41d8'}]}], 'merged')
    assert W + 'credentials[0] password is not valid (value not shown)' in str(info.value)
    assert 'bad-pw-d41d8' not in str(info.value)


def test_parse_duplicate_trunk_name():
    with pytest.raises(InputError) as info:
        parse_config([{'trunk_name': 'alpha'}, {'trunk_name': 'beta'}, {'trunk_name': 'alpha'}], 'merged')
    assert str(info.value) == ('config has 1 problem (nothing was changed): config[2] (trunk alpha): trunk_name alpha is listed twice '
                               '(config[0] and config[2]); list each trunk once')


def test_parse_number_on_two_trunks_names_both_places():
    with pytest.raises(InputError) as info:
        parse_config([{'trunk_name': 'alpha', 'phone_numbers': ['+919000000009', '+919000000001']},
                      {'trunk_name': 'beta', 'phone_numbers': [{'phone_number': '+919000000001', 'mode': 'flow'}]}], 'replaced')
    assert ('config[1] (trunk beta) phone_numbers[0]: +919000000001 is also listed for trunk alpha (config[0] phone_numbers[1]); '
            'a number can be mapped to only one trunk') in str(info.value)


def test_parse_reports_every_problem_at_once():
    with pytest.raises(InputError) as info:
        parse_config([{'trunk_name': 'alpha', 'phone_numbers': ['+91 98', '+919000000001', '+919000000001'], 'whitelisted_ips': ['1.2.3.4/8']},
                      {'trunk_name': 'bad name'}], 'merged')
    text = str(info.value)
    assert text.startswith('config has 4 problems (nothing was changed): ')
    for part in (W + "phone_numbers[0] '+91 98'", W + 'phone_numbers[2]: listed again', W + 'whitelisted_ips[0] mask 8',
                 'config[1] (trunk bad name) trunk_name'):
        assert part in text
    # and the order follows the input
    assert text.index('phone_numbers[0]') < text.index('phone_numbers[2]') < text.index('whitelisted_ips[0]') < text.index('config[1]')


def test_validation_runs_before_any_request():
    # The spec's validate hook is what execute() runs before the first request.
    with pytest.raises(InputError):
        EXOTEL_TRUNKS.validate(dict(state='merged', config=[{'trunk_name': 'alpha', 'phone_numbers': ['123']}], update_password='on_create'))
    client = FakeClient()
    with pytest.raises(InputError):
        run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': ['123']}])
    assert client.calls == []


# -- 2./3. merged -------------------------------------------------------------------------------------

def test_merged_builds_trunks_in_order_with_defaults():
    client = FakeClient()
    result = run(client, 'merged', full_config())
    assert not result.failed and result['changed'] is True
    assert result.changes == [
        ('create', 'trunk', 'alpha', 'alpha'),
        ('create', 'phone_number', 'alpha', '+919000000001'),
        ('create', 'phone_number', 'alpha', '+919000000002'),
        ('create', 'whitelisted_ip', 'alpha', '10.1.0.0/24'),
        ('create', 'whitelisted_ip', 'alpha', '44.248.146.11/32'),
        ('create', 'credential', 'alpha', 'u1'),
        ('create', 'destination_uri', 'alpha', 'sip:44.248.146.11:5061;transport=tls'),
        ('create', 'destination_uri', 'alpha', 'sip:sip.example.com:5060'),
        ('create', 'setting', 'alpha', 'trunk_external_alias'),
        ('create', 'trunk', 'beta', 'beta'),
        ('create', 'phone_number', 'beta', '+919000000003'),
    ]
    alpha = client.trunks[0]
    assert (alpha['nso_code'], alpha['domain_name']) == ('ANY-ANY', DOMAIN)
    # the writes, in order: the weight of a new destination needs a PUT after its POST
    assert [(m, re.sub(r'trmum1\w+', 'SID', p)) for m, p in client.writes()] == [
        ('POST', '/trunks'), ('POST', '/trunks/SID/phone-numbers'), ('POST', '/trunks/SID/phone-numbers'),
        ('POST', '/trunks/SID/whitelisted-ips'), ('POST', '/trunks/SID/whitelisted-ips'), ('POST', '/trunks/SID/credentials'),
        ('POST', '/trunks/SID/destination-uris'), ('PUT', '/trunks/SID/destination-uris/41505'), ('POST', '/trunks/SID/destination-uris'),
        ('POST', '/trunks/SID/settings'), ('POST', '/trunks'), ('POST', '/trunks/SID/phone-numbers')]
    assert result['before'] == []
    assert [t['trunk_name'] for t in result['after']] == ['alpha', 'beta']
    assert_no_secret(result)


def test_merged_change_entries_are_config_shaped_dicts():
    result = run(FakeClient(), 'merged', full_config())
    entries = dict(((c['kind'], c['key']), c) for c in result['changes'])
    assert entries[('trunk', 'alpha')] == dict(action='create', kind='trunk', trunk_name='alpha', key='alpha', before=None,
                                               after=dict(trunk_name='alpha', nso_code='ANY-ANY', domain_name=DOMAIN))
    assert entries[('phone_number', '+919000000001')]['after'] == {'phone_number': '+919000000001', 'mode': None}
    assert entries[('whitelisted_ip', '10.1.0.0/24')]['after'] == {'ip': '10.1.0.0', 'mask': 24}
    assert entries[('destination_uri', 'sip:44.248.146.11:5061;transport=tls')]['after'] == {
        'destination': 'sip:44.248.146.11:5061;transport=tls', 'priority': 0, 'weight': 5}
    assert entries[('credential', 'u1')]['after'] == {'user_name': 'u1', 'friendly_name': 'f1', 'password': PASSWORD_MARK}
    assert entries[('setting', 'trunk_external_alias')]['after'] == {'name': 'trunk_external_alias', 'value': '+919000000001'}


def test_merged_is_idempotent_and_reads_only():
    client = built()
    result = run(client, 'merged', full_config())
    assert result['changed'] is False and result['changes'] == []
    assert client.writes() == []
    # the trunk list, then the five kinds of each listed trunk; no look-up
    assert len(client.reads()) == 1 + 2 * 5
    assert result['before'] == result['after']


def test_merged_removes_nothing_and_updates_what_differs():
    client = built()
    result = run(client, 'merged', [{
        'trunk_name': 'alpha', 'nso_code': 'ANY-IN',
        'phone_numbers': [{'phone_number': '+919000000001', 'mode': 'flow'}, '+919000000002'],
        'whitelisted_ips': ['10.1.0.0/25'],
        'destination_uris': [{'destination': 'sip.example.com:5060', 'priority': 3}],
        'credentials': [{'user_name': 'u1', 'friendly_name': 'f2'}],
        'settings': {'trunk_external_alias': '+919000000002'},
    }])
    assert result.changes == [
        ('update', 'trunk', 'alpha', 'alpha'),
        ('update', 'phone_number', 'alpha', '+919000000001'),
        ('update', 'whitelisted_ip', 'alpha', '10.1.0.0/25'),
        ('update', 'credential', 'alpha', 'u1'),
        ('update', 'destination_uri', 'alpha', 'sip:sip.example.com:5060'),
        ('update', 'setting', 'alpha', 'trunk_external_alias'),
    ]
    by_kind = dict((c['kind'], c) for c in result['changes'])
    assert by_kind['phone_number']['before'] == {'phone_number': '+919000000001', 'mode': None}
    assert by_kind['phone_number']['after'] == {'phone_number': '+919000000001', 'mode': 'flow'}
    assert by_kind['destination_uri']['after'] == {'destination': 'sip:sip.example.com:5060', 'priority': 3, 'weight': 1}
    assert by_kind['credential']['after'] == {'user_name': 'u1', 'friendly_name': 'f2'}  # no password sent
    # a number listed without a mode keeps its mode (+919000000002 stays flow); nothing was removed
    alpha = [t for t in result['after'] if t['trunk_name'] == 'alpha'][0]
    assert alpha['phone_numbers'] == [{'phone_number': '+919000000001', 'mode': 'flow'}, {'phone_number': '+919000000002', 'mode': 'flow'}]
    assert len(alpha['whitelisted_ips']) == 2 and len(alpha['destination_uris']) == 2
    assert [t['trunk_name'] for t in result['after']] == ['alpha']  # only the trunks in config are in scope


def test_a_stored_null_mode_equals_pstn():
    client = FakeClient().account(alpha={'phone-numbers': [{'phone_number': '+919000000001', 'mode': None}]})
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': [{'phone_number': '+919000000001', 'mode': 'pstn'}]}])
    assert result['changed'] is False and client.writes() == []
    assert result['after'][0]['phone_numbers'] == ['+919000000001']  # null stays null


def test_domain_that_differs_fails_before_any_write():
    client = built()
    result = run(client, 'merged', [{'trunk_name': 'beta', 'phone_numbers': ['+919000000004']},
                                    {'trunk_name': 'alpha', 'domain_name': 'other.pstn.exotel.com'}])
    assert result.failed and client.writes() == []
    assert result['msg'].startswith('config cannot be applied (nothing was changed): config[1] (trunk alpha): trunk alpha exists with '
                                    'domain_name %s, not other.pstn.exotel.com' % DOMAIN)
    assert result['changes'] == [] and [t['trunk_name'] for t in result['before']] == ['alpha', 'beta']


# -- credentials and passwords ------------------------------------------------------------------------

def test_credentials_that_need_a_password_fail_after_the_read_before_any_write():
    client = built()
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000008'],
                                     'credentials': [{'user_name': 'u1'}, {'user_name': 'u2'}, {'user_name': 'u3', 'password': PASSWORD}]},
                                    {'trunk_name': 'gamma', 'credentials': [{'user_name': 'g1', 'friendly_name': 'x'}]}])
    assert result.failed
    assert client.writes() == [] and client.reads()  # it read, then stopped
    assert result['msg'] == ('config cannot be applied (nothing was changed): config[0] (trunk alpha) credentials[1]: user_name u2 does not '
                             'exist on the trunk yet, and password is required to create it; config[1] (trunk gamma) credentials[0]: '
                             'user_name g1 does not exist on the trunk yet, and password is required to create it')


@pytest.mark.parametrize('update_password, password, sent', [
    ('on_create', PASSWORD, False),
    ('always', PASSWORD, True),
    ('always', None, False),
])
def test_update_password(update_password, password, sent):
    client = built()
    entry = {'user_name': 'u1', 'friendly_name': 'f1'}
    if password:
        entry['password'] = password
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'credentials': [entry]}], update_password=update_password)
    if sent:
        assert result.changes == [('update', 'credential', 'alpha', 'u1')]
        assert result['changes'][0]['before'] == {'user_name': 'u1', 'friendly_name': 'f1'}
        assert result['changes'][0]['after'] == {'user_name': 'u1', 'friendly_name': 'f1', 'password': PASSWORD_MARK}
        assert [m for m, dummy in client.writes()] == ['PUT']
    else:
        assert result['changed'] is False and client.writes() == []
    assert_no_secret(result)


# -- replaced ----------------------------------------------------------------------------------------

def test_replaced_makes_given_kinds_authoritative_and_leaves_omitted_ones():
    client = built()
    result = run(client, 'replaced', [{
        'trunk_name': 'alpha', 'phone_numbers': ['+919000000001'], 'whitelisted_ips': ['44.248.146.11'],
        'destination_uris': [], 'settings': {},
    }])
    assert result.changes == [
        ('delete', 'phone_number', 'alpha', '+919000000002'),
        ('delete', 'destination_uri', 'alpha', 'sip:44.248.146.11:5061;transport=tls'),
        ('delete', 'destination_uri', 'alpha', 'sip:sip.example.com:5060'),
        ('delete', 'whitelisted_ip', 'alpha', '10.1.0.0/24'),
        ('delete', 'setting', 'alpha', 'trunk_external_alias'),
    ]
    alpha = result['after'][0]
    assert alpha['credentials'] == [{'user_name': 'u1', 'friendly_name': 'f1'}]  # omitted: left alone
    assert alpha['phone_numbers'] == ['+919000000001'] and alpha['destination_uris'] == [] and alpha['settings'] == {}
    assert 'beta' not in [t['trunk_name'] for t in result['after']]
    assert len(client.trunks) == 2  # beta is not in scope


def test_replaced_empty_phone_numbers_unmaps_every_number():
    client = built()
    result = run(client, 'replaced', [{'trunk_name': 'alpha', 'phone_numbers': []}])
    assert result.changes == [('delete', 'phone_number', 'alpha', '+919000000001'), ('delete', 'phone_number', 'alpha', '+919000000002')]
    assert client.held('phone-numbers', 'alpha') == []


def test_replaced_credentials_go_after_the_destinations_and_ips():
    client = built()
    result = run(client, 'replaced', [{'trunk_name': 'alpha', 'credentials': [{'user_name': 'u9', 'password': PASSWORD}],
                                       'whitelisted_ips': ['10.9.0.0/16'], 'destination_uris': ['sip.example.com:5060']}])
    assert result.changes == [
        ('create', 'whitelisted_ip', 'alpha', '10.9.0.0/16'),
        ('create', 'credential', 'alpha', 'u9'),
        ('delete', 'destination_uri', 'alpha', 'sip:44.248.146.11:5061;transport=tls'),
        ('delete', 'whitelisted_ip', 'alpha', '10.1.0.0/24'),
        ('delete', 'whitelisted_ip', 'alpha', '44.248.146.11/32'),
        ('delete', 'credential', 'alpha', 'u1'),
    ]


# -- moving a number ---------------------------------------------------------------------------------

@pytest.mark.parametrize('state', ['replaced', 'overridden'])
def test_number_moves_between_listed_trunks_unmapped_first(state):
    client = built()
    config = gathered(client)
    config[0]['phone_numbers'].append('+919000000003')
    config[1]['phone_numbers'] = []
    check = run(client, state, config, check=True)
    assert client.writes() == []
    result = run(client, state, config)
    assert result.changes == [('delete', 'phone_number', 'beta', '+919000000003'), ('create', 'phone_number', 'alpha', '+919000000003')]
    assert check['changes'] == result['changes']
    assert [p for m, p in client.writes()] == ['/trunks/%s/phone-numbers' % client.sid('beta'), '/trunks/%s/phone-numbers' % client.sid('alpha')]
    assert [p['phone_number'] for p in client.held('phone-numbers', 'alpha')][-1] == '+919000000003'


def test_number_move_under_merged_fails_that_item_naming_the_holder_and_applies_the_rest():
    client = built()
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000003', '+919000000007']},
                                    {'trunk_name': 'beta', 'phone_numbers': []}])
    assert result.failed
    assert result.changes == [('create', 'phone_number', 'alpha', '+919000000007')]
    not_done, = result['not_done']
    assert (not_done['action'], not_done['kind'], not_done['trunk_name'], not_done['key']) == ('create', 'phone_number', 'alpha', '+919000000003')
    assert not_done['reason'].startswith('+919000000003 is mapped to trunk beta (%s, mapping id ' % client.sid('beta'))
    assert 'which keeps it' in not_done['reason']
    assert 'create phone_number +919000000003 on trunk alpha: +919000000003 is mapped to trunk beta' in result['msg']
    assert result['msg'].startswith('1 change was applied, 1 not (see changes and not_done).')


def test_number_move_under_replaced_fails_when_the_old_trunk_keeps_its_numbers():
    client = built()
    result = run(client, 'replaced', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000001', '+919000000002', '+919000000003']},
                                      {'trunk_name': 'beta'}])
    assert result.failed and result['changes'] == [] and client.writes() == []
    assert 'give beta its phone_numbers without it (with state replaced or overridden) to move it' in result['not_done'][0]['reason']


def test_number_held_outside_the_scope_fails_naming_that_trunk():
    client = built()
    result = run(client, 'replaced', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000001', '+919000000002', '+919000000003']}])
    assert result.failed and client.writes() == []
    assert result['not_done'][0]['reason'] == (
        '+919000000003 is mapped to trunk beta (%s, mapping id %s), which is not in config: remove it there first, or list that trunk too'
        % (client.sid('beta'), client.held('phone-numbers', 'beta')[0]['id']))
    assert ('GET', '/trunk-maps') in client.calls


def test_overridden_frees_the_numbers_of_the_trunks_it_deletes():
    client = built()
    result = run(client, 'overridden', [dict(empty_trunk('alpha'), phone_numbers=['+919000000003'])])
    assert not result.failed
    assert result.changes[:4] == [('delete', 'trunk', 'beta', 'beta'),
                                  ('delete', 'phone_number', 'alpha', '+919000000001'),
                                  ('delete', 'phone_number', 'alpha', '+919000000002'),
                                  ('create', 'phone_number', 'alpha', '+919000000003')]
    assert ('GET', '/trunk-maps') not in client.calls  # every trunk is in scope: no look-up


def test_number_on_a_new_trunk_held_outside_the_scope():
    client = built()
    result = run(client, 'merged', [{'trunk_name': 'gamma', 'phone_numbers': ['+919000000003', '+919000000004']}])
    assert result.failed
    assert result.changes == [('create', 'trunk', 'gamma', 'gamma'), ('create', 'phone_number', 'gamma', '+919000000004')]
    assert 'mapped to trunk beta' in result['not_done'][0]['reason']


def test_a_number_mapped_meanwhile_elsewhere_fails_that_item_only():
    # trunk-maps does not see it (it is mapped between the look-up and the POST): the duplicate answer is reconciled
    client = built()
    client.fail('GET', '/trunk-maps', ExotelNotFoundError('not mapped', http_status=404, error_code=1000))
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000003', '+919000000004']}])
    assert result.failed
    assert result.changes == [('create', 'phone_number', 'alpha', '+919000000004')]
    assert 'already mapped to another trunk, %s' % client.sid('beta') in result['not_done'][0]['reason']


# -- overridden / deleted ----------------------------------------------------------------------------

def test_overridden_deletes_unlisted_trunks_first_credentials_before_the_trunk():
    client = built()
    run(client, 'merged', [{'trunk_name': 'beta', 'credentials': [{'user_name': 'b1', 'password': PASSWORD}]}])
    result = run(client, 'overridden', [dict(empty_trunk('alpha'), phone_numbers=['+919000000001'])])
    assert result.changes[:2] == [('delete', 'credential', 'beta', 'b1'), ('delete', 'trunk', 'beta', 'beta')]
    assert [t['trunk_name'] for t in result['before']] == ['alpha', 'beta']
    assert [t['trunk_name'] for t in result['after']] == ['alpha']
    assert [t['trunk_name'] for t in client.trunks] == ['alpha']


def test_overridden_with_an_empty_config_deletes_every_trunk():
    client = built()
    result = run(client, 'overridden', [])
    assert result.changes == [('delete', 'credential', 'alpha', 'u1'), ('delete', 'trunk', 'alpha', 'alpha'), ('delete', 'trunk', 'beta', 'beta')]
    assert result['after'] == [] and client.trunks == []


def test_deleted_removes_only_the_named_trunks():
    client = built()
    alpha = client.sid('alpha')
    result = run(client, 'deleted', [{'trunk_name': 'alpha'}, {'trunk_name': 'nosuch'}])
    assert result.changes == [('delete', 'credential', 'alpha', 'u1'), ('delete', 'trunk', 'alpha', 'alpha')]
    assert client.writes() == [('DELETE', '/trunks/%s/credentials' % alpha), ('DELETE', '/trunks')]
    assert [t['trunk_name'] for t in result['before']] == ['alpha']
    assert result['after'] == []
    assert [t['trunk_name'] for t in client.trunks] == ['beta']
    again = run(client, 'deleted', [{'trunk_name': 'alpha'}])
    assert again['changed'] is False and client.writes() == []


# -- gathered and the round trip -------------------------------------------------------------------

def test_gathered_shape_every_key_sorted_bare_string_for_a_null_mode():
    client = FakeClient().account(
        beta={},
        alpha={'phone-numbers': [{'phone_number': '+919000000002', 'mode': 'flow'}, {'phone_number': '+919000000001', 'mode': None}],
               'whitelisted-ips': [{'ip': '44.248.146.11', 'mask': 32, 'friendly_name': None}, {'ip': '9.9.9.9', 'mask': 32, 'friendly_name': None}],
               'destination-uris': [{'destination': 'z.example.com:5060', 'priority': 0, 'weight': 1},
                                    {'destination': 'a.example.com:5061;transport=tls', 'priority': 1, 'weight': 5}],
               'credentials': [{'user_name': 'u1', 'friendly_name': None}],
               'settings': [{'name': 'trunk_external_alias', 'value': '+919000000001'}]})
    result = run(client, 'gathered')
    assert result['changed'] is False and set(result.result) == {'changed', 'gathered'}
    assert result['gathered'] == [
        dict(trunk_name='alpha', nso_code='ANY-ANY', domain_name=DOMAIN,
             phone_numbers=['+919000000001', {'phone_number': '+919000000002', 'mode': 'flow'}],
             whitelisted_ips=[{'ip': '9.9.9.9', 'mask': 32}, {'ip': '44.248.146.11', 'mask': 32}],
             destination_uris=[{'destination': 'sip:a.example.com:5061;transport=tls', 'priority': 1, 'weight': 5},
                               {'destination': 'sip:z.example.com:5060', 'priority': 0, 'weight': 1}],
             credentials=[{'user_name': 'u1', 'friendly_name': None}],
             settings={'trunk_external_alias': '+919000000001'}),
        empty_trunk('beta'),
    ]
    assert client.writes() == []
    assert len(client.reads()) == 1 + 2 * 5


def test_gathered_narrowed_to_the_named_trunks():
    client = built()
    result = run(client, 'gathered', [{'trunk_name': 'beta'}, {'trunk_name': 'nosuch'}])
    assert [t['trunk_name'] for t in result['gathered']] == ['beta']
    assert len(client.reads()) == 1 + 5


def test_round_trip_gathered_fed_back_with_overridden_writes_nothing():
    client = built()
    config = gathered(client)
    result = run(client, 'overridden', config)
    assert result['changed'] is False and result['changes'] == [] and client.writes() == []
    assert result['before'] == result['after'] == config
    # also after a trip through JSON (what a YAML vars file gives back)
    assert run(client, 'overridden', json.loads(json.dumps(config)))['changes'] == []


# -- check mode ------------------------------------------------------------------------------------

@pytest.mark.parametrize('state', ['merged', 'replaced', 'overridden'])
def test_check_mode_returns_exactly_what_a_real_run_does(state):
    config = full_config()
    config[0]['phone_numbers'] = [{'phone_number': '+919000000001', 'mode': 'flow'}, '+919000000005']
    config[0]['whitelisted_ips'] = ['44.248.146.11/31', '10.2.0.0/16']
    config[0]['credentials'] = [{'user_name': 'u2', 'password': PASSWORD}]
    config[1] = {'trunk_name': 'gamma', 'phone_numbers': ['+919000000006'], 'settings': {'trunk_external_alias': '+919000000006'}}
    client = built()
    before = json.dumps([client.trunks, sorted(client.items.items())], sort_keys=True)
    check = run(client, state, config, check=True, diff=True)
    assert client.writes() == []
    assert json.dumps([client.trunks, sorted(client.items.items())], sort_keys=True) == before
    real = run(client, state, config, diff=True)
    assert check['changes'] == real['changes'] and check['changes']
    assert check['after'] == real['after']
    assert check['before'] == real['before']
    assert check['diff'] == real['diff']
    assert check['changed'] is real['changed'] is True
    assert run(client, state, config)['changes'] == []


def test_check_mode_predicts_the_held_number_failure():
    client = built()
    config = [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000003']}]
    check = run(client, 'merged', config, check=True)
    real = run(client, 'merged', config)
    assert check.failed and real.failed
    assert check['not_done'] == real['not_done']


def test_diff_is_keyed_by_trunk_name():
    client = built()
    result = run(client, 'replaced', [{'trunk_name': 'beta', 'phone_numbers': []}], diff=True)
    assert result['diff']['before'] == {'beta': dict(empty_trunk('beta'), phone_numbers=['+919000000003'])}
    assert result['diff']['after'] == {'beta': empty_trunk('beta')}


def test_no_diff_key_without_diff_mode():
    assert 'diff' not in run(built(), 'merged', full_config()).result


# -- failures part-way, lost answers ----------------------------------------------------------------

def test_failure_part_way_reports_changes_and_not_done_and_a_rerun_finishes():
    client = FakeClient()
    client.fail('POST', '/whitelisted-ips$', ExotelAPIError('POST whitelisted-ips failed: HTTP 500', http_status=500))
    result = run(client, 'merged', full_config())
    assert result.failed and result['changed'] is True
    assert result.changes == [('create', 'trunk', 'alpha', 'alpha'), ('create', 'phone_number', 'alpha', '+919000000001'),
                              ('create', 'phone_number', 'alpha', '+919000000002')]
    reasons = [(e['kind'], e['key'], e['reason']) for e in result['not_done']]
    assert reasons[0] == ('whitelisted_ip', '10.1.0.0/24', 'POST whitelisted-ips failed: HTTP 500')
    assert all(r == 'not attempted: the run stopped at an earlier error' for dummy, dummy2, r in reasons[1:])
    assert len(reasons) == 11 - 3
    assert result['msg'].startswith('3 changes were applied, 8 not (see changes and not_done). Failed: create whitelisted_ip 10.1.0.0/24 '
                                    'on trunk alpha: POST whitelisted-ips failed: HTTP 500. The run stopped at that error. Fix the cause')
    assert result['error']['http_status'] == 500
    assert [t['trunk_name'] for t in result['after']] == ['alpha']
    rerun = run(client, 'merged', full_config())
    assert not rerun.failed and [c[3] for c in rerun.changes][:2] == ['10.1.0.0/24', '44.248.146.11/32']
    assert len(rerun.changes) == 8
    assert run(client, 'merged', full_config())['changes'] == []


@pytest.mark.parametrize('method, pattern', [
    ('POST', '/trunks$'),
    ('POST', '/phone-numbers$'),
    ('POST', '/whitelisted-ips$'),
    ('POST', '/destination-uris$'),
    ('PUT', '/destination-uris/'),
    ('POST', '/credentials$'),
    ('POST', '/settings$'),
])
def test_a_lost_answer_is_reconciled_by_re_reading_never_a_duplicate(method, pattern):
    client = FakeClient()
    client.fail(method, pattern, ExotelOutcomeUnknownError('%s: connection lost after the request was sent' % method), commit=True)
    result = run(client, 'merged', full_config())
    assert not result.failed
    assert len(result.changes) == 11
    assert any('re-reading to find out whether' in w for w in result.warnings)
    counts = dict((c, sum(len(client.items[(t['trunk_sid'], c)]) for t in client.trunks)) for c in COLLECTIONS)
    assert len(client.trunks) == 2
    assert counts == {'phone-numbers': 3, 'whitelisted-ips': 2, 'destination-uris': 2, 'credentials': 1, 'settings': 1}
    assert run(client, 'merged', full_config())['changes'] == []


def test_a_lost_answer_to_a_write_that_did_not_happen_is_written_once_more():
    client = FakeClient()
    client.fail('POST', '/phone-numbers$', ExotelOutcomeUnknownError('POST: connection lost'), commit=False)
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000001']}])
    assert not result.failed
    assert [m for m, p in client.writes()] == ['POST', 'POST', 'POST']  # the trunk, the lost one, the one that landed
    assert len(client.held('phone-numbers', 'alpha')) == 1


def test_lost_answers_to_deletes():
    client = built()
    client.fail('DELETE', '/credentials$', ExotelOutcomeUnknownError('DELETE: connection lost'), commit=True)
    client.fail('DELETE', '/trunks$', ExotelOutcomeUnknownError('DELETE: connection lost'), commit=True)
    result = run(client, 'deleted', [{'trunk_name': 'alpha'}])
    assert not result.failed
    assert result.changes == [('delete', 'credential', 'alpha', 'u1'), ('delete', 'trunk', 'alpha', 'alpha')]
    assert [m for m, p in client.writes()] == ['DELETE', 'DELETE']
    assert [t['trunk_name'] for t in client.trunks] == ['beta']


def test_a_trunk_created_meanwhile_is_adopted():
    client = FakeClient()
    client.fail('POST', '/trunks$', ExotelDuplicateError('duplicate trunk', http_status=200, code=409, error_code=1008), commit=True)
    result = run(client, 'merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000001']}])
    assert not result.failed
    # someone else's trunk, as wanted: only the number is this run's doing
    assert result.changes == [('create', 'phone_number', 'alpha', '+919000000001')]
    assert any('duplicate' in w for w in result.warnings)


# -- the rest ----------------------------------------------------------------------------------------

def test_states_are_the_resource_module_states():
    assert STATES == ('merged', 'replaced', 'overridden', 'deleted', 'gathered')


def test_views_sort_ips_as_addresses_and_settings_by_name():
    client = FakeClient().account(alpha={'whitelisted-ips': [{'ip': '100.1.1.1', 'mask': 32}, {'ip': '20.1.1.1', 'mask': 32},
                                                             {'ip': '3.1.1.1', 'mask': 32}]})
    assert [i['ip'] for i in gathered(client)[0]['whitelisted_ips']] == ['3.1.1.1', '20.1.1.1', '100.1.1.1']


def test_nothing_secret_in_any_result():
    client = FakeClient()
    results = [run(client, 'merged', full_config(), check=True, diff=True), run(client, 'merged', full_config(), diff=True),
               run(client, 'merged', full_config(), update_password='always', diff=True), run(client, 'gathered'),
               run(client, 'overridden', [], diff=True)]
    assert_no_secret(*results)
    assert all(PASSWORD not in w for r in results for w in r.warnings)
