# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunks as HTTP conversations: every request is registered, in order (strict replay).

The planner's logic is covered without HTTP in tests/unit/plugins/module_utils/test__estate.py; this file
pins what goes over the wire: the reads (one list request per 50 items of each kind per trunk, plus the
trunk list), the exact writes and bodies, lost answers, Exotel's duplicate quirk, and secrecy.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests
import responses
from responses import matchers

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunks as module
from ansible_collections.exotel.trunking.tests.unit.utils import (
    BASE,
    CONN,
    assert_calls_safe,
    batch,
    body_of,
    duplicate,
    error,
    item,
    listing,
    not_found,
    run_module,
    single,
    unauthorized,
    warnings_of,
    writes,
)

SID_A = 'trmum1f708622631150902801a1n'
SID_B = 'trmum17d8e9a37a3732ecbf91a3u'
SID_NEW = 'trmum15f77c83605998cdb9d1a1n'
DOMAIN = 'exotel_test.pstn.exotel.com'
STAMP = '2026-01-23T10:26:54Z'
PASSWORD = 'Sip_pw_7c1a9e44'
TRUNKS = BASE + '/trunks'
TRUNK_MAPS = BASE + '/trunk-maps'
PAGE = {'offset': '0', 'page_size': '50'}


def args(state, config=None, **kwargs):
    params = dict(CONN, state=state, requests_per_minute=0)
    if config is not None:
        params['config'] = config
    params.update(kwargs)
    return params


# -- Exotel's objects --------------------------------------------------------------------------------

def trunk(name, sid, nso_code='ANY-ANY'):
    return {'trunk_sid': sid, 'trunk_name': name, 'domain_name': DOMAIN, 'status': 'active', 'auth_type': 'IP-WHITELIST',
            'nso_code': nso_code, 'registration_enabled': 'disabled', 'edge_preference': 'auto', 'secure_trunking': 'disabled',
            'date_created': STAMP, 'date_updated': STAMP, 'phone_numbers': '/v2/accounts/exotel_test/trunks/%s/phone-numbers' % sid}


def number(sid, phone_number, mapping_id, mode=None):
    return {'id': mapping_id, 'phone_number': phone_number, 'trunk_sid': sid, 'mode': mode, 'date_created': STAMP, 'date_updated': STAMP}


def acl(sid, ip, acl_id, mask=32):
    return {'id': acl_id, 'ip': ip, 'mask': mask, 'trunk_sid': sid, 'friendly_name': None, 'date_created': STAMP, 'date_updated': STAMP}


def destination(sid, text, dest_id, priority=0, weight=1):
    return {'id': dest_id, 'destination': 'sip:' + text, 'type': 'public', 'priority': priority, 'weight': weight, 'trunk_sid': sid,
            'date_created': STAMP, 'date_updated': STAMP}


def credential(sid, user_name, cred_id, friendly_name=None):
    return {'id': cred_id, 'user_name': user_name, 'friendly_name': friendly_name, 'trunk_sid': sid, 'date_created': STAMP,
            'date_updated': STAMP}


def setting(sid, name, value):
    return {'name': name, 'value': value, 'trunk_sid': sid, 'date_created': STAMP, 'date_updated': STAMP}


def coll(sid, collection):
    return '%s/trunks/%s/%s' % (BASE, sid, collection)


# -- conversation pieces -----------------------------------------------------------------------------

def list_trunks(rsps, trunks, offset=0, next_page=False):
    envelope = listing(trunks, path='/v2/accounts/exotel_test/trunks', offset=offset, next_page_uri=True if next_page else None)
    rsps.add(responses.GET, TRUNKS, json=envelope,
             match=[matchers.query_param_matcher({'offset': str(offset), 'page_size': '50'})])


def list_kind(rsps, sid, collection, items):
    """Every page of one kind, 50 per page (the credentials list of Exotel has no metadata when it is empty)."""
    path = '/v2/accounts/exotel_test/trunks/%s/%s' % (sid, collection)
    pages = [items[i:i + 50] for i in range(0, len(items), 50)] or [[]]
    for index, page in enumerate(pages):
        more = index < len(pages) - 1
        rsps.add(responses.GET, coll(sid, collection),
                 json=listing(page, path=path, offset=50 * index, next_page_uri=True if more else None,
                              metadata=bool(items) or collection != 'credentials'),
                 match=[matchers.query_param_matcher({'offset': str(50 * index), 'page_size': '50'})])


def read_trunk(rsps, sid, phone_numbers=(), whitelisted_ips=(), destination_uris=(), credentials=(), settings=()):
    for collection, items in (('phone-numbers', phone_numbers), ('whitelisted-ips', whitelisted_ips), ('destination-uris', destination_uris),
                              ('credentials', credentials), ('settings', settings)):
        list_kind(rsps, sid, collection, list(items))


def lookup(rsps, phone_number, sid=None, mapping_id=None, mode=None):
    if sid is None:
        rsps.add(responses.GET, TRUNK_MAPS, status=404, json=not_found(), match=[matchers.query_param_matcher({'exophone': phone_number})])
    else:
        data = {'exophone': phone_number, 'trunk_sid': sid, 'phone_number_id': mapping_id, 'mode': mode}
        rsps.add(responses.GET, TRUNK_MAPS, json=single(data), match=[matchers.query_param_matcher({'exophone': phone_number})])


def write(rsps, method, url, body=None, answer=None, status=200, query=None):
    match = []
    if body is not None:
        match.append(matchers.json_params_matcher(body, strict_match=True))
    if query is not None:
        match.append(matchers.query_param_matcher(query))
    rsps.add(method, url, json=answer, status=status, match=match)


def conversation(calls):
    """``(method, path?query, body)`` of every call, with the account prefix cut."""
    return [(c.request.method, c.request.url.replace(BASE, ''), body_of(c)) for c in calls]


def keys(result):
    return [(c['action'], c['kind'], c['trunk_name'], c['key']) for c in result['changes']]


# The account most tests start from: alpha with one item of each kind, beta with one number.
ALPHA_ITEMS = dict(phone_numbers=[number(SID_A, '+919000000001', '41500'), number(SID_A, '+919000000002', '41501', 'flow')],
                   whitelisted_ips=[acl(SID_A, '44.248.146.11', '1150')],
                   destination_uris=[destination(SID_A, '44.248.146.11:5061;transport=tls', '2540', weight=5)],
                   credentials=[credential(SID_A, 'u1', '1230', 'f1')],
                   settings=[setting(SID_A, 'trunk_external_alias', '+919000000001')])
BETA_ITEMS = dict(phone_numbers=[number(SID_B, '+919000000003', '41502')])

GATHERED = [
    {'trunk_name': 'alpha', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN,
     'phone_numbers': ['+919000000001', {'phone_number': '+919000000002', 'mode': 'flow'}],
     'whitelisted_ips': [{'ip': '44.248.146.11', 'mask': 32}],
     'destination_uris': [{'destination': 'sip:44.248.146.11:5061;transport=tls', 'priority': 0, 'weight': 5}],
     'credentials': [{'user_name': 'u1', 'friendly_name': 'f1'}],
     'settings': {'trunk_external_alias': '+919000000001'}},
    {'trunk_name': 'beta', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN, 'phone_numbers': ['+919000000003'],
     'whitelisted_ips': [], 'destination_uris': [], 'credentials': [], 'settings': {}},
]


def read_account(rsps):
    list_trunks(rsps, [trunk('alpha', SID_A), trunk('beta', SID_B)])
    read_trunk(rsps, SID_A, **ALPHA_ITEMS)
    read_trunk(rsps, SID_B, **BETA_ITEMS)


# -- reads ---------------------------------------------------------------------------------------------

def test_gathered_reads_the_trunk_list_and_five_lists_per_trunk(rsps):
    read_account(rsps)
    result = run_module(module, args('gathered'))
    assert result['changed'] is False
    assert result['gathered'] == GATHERED
    assert len(rsps.calls) == 1 + 5 + 5
    assert writes(rsps.calls) == []
    assert 'before' not in result and 'changes' not in result
    assert_calls_safe(rsps.calls, result)


def test_reads_are_one_request_per_50_items_of_each_kind(rsps):
    numbers = [number(SID_A, '+9190000%05d' % i, str(41000 + i)) for i in range(120)]
    acls = [acl(SID_A, '10.0.%d.%d' % (i // 250, i % 250 + 1), str(1000 + i)) for i in range(51)]
    list_trunks(rsps, [trunk('alpha', SID_A)])
    read_trunk(rsps, SID_A, phone_numbers=numbers, whitelisted_ips=acls)
    result = run_module(module, args('gathered', [{'trunk_name': 'alpha'}]))
    assert len(result['gathered'][0]['phone_numbers']) == 120 and len(result['gathered'][0]['whitelisted_ips']) == 51
    # trunk list 1 + numbers 3 (120 = 50 + 50 + 20) + IPs 2 (51) + destinations, credentials, settings 1 each
    assert len(rsps.calls) == 1 + 3 + 2 + 3


def test_the_trunk_list_is_paged_and_only_named_trunks_are_read(rsps):
    many = [trunk('t%02d' % i, 'trmum1%018x1a1n' % i) for i in range(60)]
    list_trunks(rsps, many[:50], next_page=True)
    list_trunks(rsps, many[50:], offset=50)
    read_trunk(rsps, many[55]['trunk_sid'])
    result = run_module(module, args('gathered', [{'trunk_name': 't55'}]))
    assert [t['trunk_name'] for t in result['gathered']] == ['t55']
    assert len(rsps.calls) == 2 + 5


def test_round_trip_gathered_fed_back_as_overridden_sends_only_reads(rsps):
    read_account(rsps)
    gathered = run_module(module, args('gathered'))['gathered']
    read_account(rsps)
    result = run_module(module, args('overridden', json.loads(json.dumps(gathered))), diff=True)
    assert result['changed'] is False and result['changes'] == []
    assert result['before'] == result['after'] == GATHERED
    assert result['diff'] == {'before': dict((t['trunk_name'], t) for t in GATHERED), 'after': dict((t['trunk_name'], t) for t in GATHERED)}
    assert writes(rsps.calls) == []
    assert len(rsps.calls) == 2 * 11  # no trunk-maps look-up either: everything was in scope


# -- writes ---------------------------------------------------------------------------------------------

NEW_CONFIG = [{
    'trunk_name': 'gamma',
    'phone_numbers': [{'phone_number': '+919000000009', 'mode': 'flow'}],
    'whitelisted_ips': ['44.248.146.12'],
    'destination_uris': [{'destination': '44.248.146.12:5061;transport=tls', 'weight': 5}],
    'credentials': [{'user_name': 'g1', 'password': PASSWORD, 'friendly_name': 'gamma_sip'}],
    'settings': {'trunk_external_alias': '+919000000009'},
}]

NEW_CHANGES = [
    ('create', 'trunk', 'gamma', 'gamma'),
    ('create', 'phone_number', 'gamma', '+919000000009'),
    ('create', 'whitelisted_ip', 'gamma', '44.248.146.12/32'),
    ('create', 'credential', 'gamma', 'g1'),
    ('create', 'destination_uri', 'gamma', 'sip:44.248.146.12:5061;transport=tls'),
    ('create', 'setting', 'gamma', 'trunk_external_alias'),
]


def new_trunk_conversation(rsps):
    write(rsps, 'POST', TRUNKS, {'trunk_name': 'gamma', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN},
          single(trunk('gamma', SID_NEW), method='POST'))
    write(rsps, 'POST', coll(SID_NEW, 'phone-numbers'), {'phone_number': '+919000000009', 'mode': 'flow'},
          single(number(SID_NEW, '+919000000009', '41600', 'flow'), method='POST'))
    write(rsps, 'POST', coll(SID_NEW, 'whitelisted-ips'), {'ip': '44.248.146.12', 'mask': 32},
          single(acl(SID_NEW, '44.248.146.12', '1160'), method='POST'))
    write(rsps, 'POST', coll(SID_NEW, 'credentials'), {'user_name': 'g1', 'password': PASSWORD, 'friendly_name': 'gamma_sip'},
          single(credential(SID_NEW, 'g1', '1260', 'gamma_sip'), method='POST'))
    write(rsps, 'POST', coll(SID_NEW, 'destination-uris'), {'destinations': [{'destination': '44.248.146.12:5061;transport=tls'}]},
          batch([item(destination(SID_NEW, '44.248.146.12:5061;transport=tls', '2560'))]))
    write(rsps, 'PUT', coll(SID_NEW, 'destination-uris') + '/2560', {'priority': 0, 'weight': 5},
          single(destination(SID_NEW, '44.248.146.12:5061;transport=tls', '2560', weight=5), method='PUT'))
    write(rsps, 'POST', coll(SID_NEW, 'settings'), {'settings': [{'name': 'trunk_external_alias', 'value': '+919000000009'}]},
          batch([item(setting(SID_NEW, 'trunk_external_alias', '+919000000009'))]))


def test_merged_creates_a_trunk_and_everything_on_it(rsps):
    list_trunks(rsps, [])
    lookup(rsps, '+919000000009')
    new_trunk_conversation(rsps)
    result = run_module(module, args('merged', NEW_CONFIG))
    assert result['changed'] is True
    assert keys(result) == NEW_CHANGES
    assert [(m, u) for m, u, dummy in conversation(rsps.calls)] == [
        ('GET', '/trunks?offset=0&page_size=50'), ('GET', '/trunk-maps?exophone=%2B919000000009'),
        ('POST', '/trunks'), ('POST', '/trunks/%s/phone-numbers' % SID_NEW), ('POST', '/trunks/%s/whitelisted-ips' % SID_NEW),
        ('POST', '/trunks/%s/credentials' % SID_NEW), ('POST', '/trunks/%s/destination-uris' % SID_NEW),
        ('PUT', '/trunks/%s/destination-uris/2560' % SID_NEW), ('POST', '/trunks/%s/settings' % SID_NEW)]
    assert result['before'] == []
    assert result['after'] == [{
        'trunk_name': 'gamma', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN,
        'phone_numbers': [{'phone_number': '+919000000009', 'mode': 'flow'}], 'whitelisted_ips': [{'ip': '44.248.146.12', 'mask': 32}],
        'destination_uris': [{'destination': 'sip:44.248.146.12:5061;transport=tls', 'priority': 0, 'weight': 5}],
        'credentials': [{'user_name': 'g1', 'friendly_name': 'gamma_sip'}], 'settings': {'trunk_external_alias': '+919000000009'}}]
    assert PASSWORD not in result.stdout
    assert_calls_safe(rsps.calls, result)


def test_check_mode_sends_only_reads_and_lists_exactly_what_the_real_run_does(rsps):
    list_trunks(rsps, [])
    lookup(rsps, '+919000000009')
    check = run_module(module, args('merged', NEW_CONFIG), check_mode=True, diff=True)
    assert writes(rsps.calls) == [] and len(rsps.calls) == 2
    list_trunks(rsps, [])
    lookup(rsps, '+919000000009')
    new_trunk_conversation(rsps)
    real = run_module(module, args('merged', NEW_CONFIG), diff=True)
    assert check['changes'] == real['changes']
    assert keys(check) == NEW_CHANGES
    assert check['after'] == real['after'] and check['diff'] == real['diff']
    assert check['changed'] is True


def test_replaced_unmaps_before_it_maps_a_number_that_moves(rsps):
    read_account(rsps)
    write(rsps, 'DELETE', coll(SID_B, 'phone-numbers'), query={'id': '41502'}, answer=single(number(SID_B, '+919000000003', '41502'),
                                                                                             method='DELETE'))
    write(rsps, 'POST', coll(SID_A, 'phone-numbers'), {'phone_number': '+919000000003'},
          single(number(SID_A, '+919000000003', '41700'), method='POST'))
    config = [dict(GATHERED[0], phone_numbers=GATHERED[0]['phone_numbers'] + ['+919000000003']), dict(GATHERED[1], phone_numbers=[])]
    result = run_module(module, args('replaced', config))
    assert keys(result) == [('delete', 'phone_number', 'beta', '+919000000003'), ('create', 'phone_number', 'alpha', '+919000000003')]
    assert [(m, u) for m, u, dummy in conversation(writes(rsps.calls))] == [
        ('DELETE', '/trunks/%s/phone-numbers?id=41502' % SID_B), ('POST', '/trunks/%s/phone-numbers' % SID_A)]
    assert result['changes'][0]['before'] == {'phone_number': '+919000000003', 'mode': None}
    assert result['changes'][0]['after'] is None


def test_deleted_removes_the_credentials_then_the_trunk(rsps):
    read_account(rsps)
    write(rsps, 'DELETE', coll(SID_A, 'credentials'), query={'id': '1230'}, answer=single(credential(SID_A, 'u1', '1230', 'f1'), method='DELETE'))
    write(rsps, 'DELETE', TRUNKS, query={'trunk_sid': SID_A}, answer=single(trunk('alpha', SID_A), method='DELETE'))
    read_trunk_b = [c for c in rsps.registered() if SID_B in c.url]
    for registration in read_trunk_b:  # beta is not named: it is not read
        rsps.remove(registration)
    result = run_module(module, args('deleted', [{'trunk_name': 'alpha'}, {'trunk_name': 'nosuch'}]))
    assert keys(result) == [('delete', 'credential', 'alpha', 'u1'), ('delete', 'trunk', 'alpha', 'alpha')]
    assert result['before'] == [GATHERED[0]] and result['after'] == []
    assert [(m, u) for m, u, dummy in conversation(writes(rsps.calls))] == [
        ('DELETE', '/trunks/%s/credentials?id=1230' % SID_A), ('DELETE', '/trunks?trunk_sid=%s' % SID_A)]


def test_overridden_deletes_the_trunks_not_listed(rsps):
    read_account(rsps)
    write(rsps, 'DELETE', TRUNKS, query={'trunk_sid': SID_B}, answer=single(trunk('beta', SID_B), method='DELETE'))
    result = run_module(module, args('overridden', [GATHERED[0]]))
    assert keys(result) == [('delete', 'trunk', 'beta', 'beta')]
    assert [t['trunk_name'] for t in result['after']] == ['alpha']


def test_updates_send_only_what_differs(rsps):
    read_account(rsps)
    write(rsps, 'PUT', coll(SID_A, 'phone-numbers') + '/41500', {'phone_number': '+919000000001', 'mode': 'flow'},
          single(number(SID_A, '+919000000001', '41500', 'flow'), method='PUT'))
    write(rsps, 'PUT', coll(SID_A, 'whitelisted-ips') + '/1150', {'ip': '44.248.146.11', 'mask': 30},
          single(acl(SID_A, '44.248.146.11', '1150', mask=30), method='PUT'))
    write(rsps, 'PUT', coll(SID_A, 'credentials') + '/1230', {'friendly_name': 'f2'},
          single(credential(SID_A, 'u1', '1230', 'f2'), method='PUT'))
    write(rsps, 'PUT', coll(SID_A, 'destination-uris') + '/2540', {'priority': 2, 'weight': 5},
          single(destination(SID_A, '44.248.146.11:5061;transport=tls', '2540', priority=2, weight=5), method='PUT'))
    config = [{'trunk_name': 'alpha', 'phone_numbers': [{'phone_number': '+919000000001', 'mode': 'flow'}],
               'whitelisted_ips': ['44.248.146.11/30'], 'credentials': [{'user_name': 'u1', 'friendly_name': 'f2'}],
               'destination_uris': [{'destination': '44.248.146.11:5061;transport=tls', 'priority': 2}],
               'settings': {'trunk_external_alias': '+919000000001'}}, {'trunk_name': 'beta'}]
    result = run_module(module, args('merged', config))
    assert keys(result) == [('update', 'phone_number', 'alpha', '+919000000001'), ('update', 'whitelisted_ip', 'alpha', '44.248.146.11/30'),
                            ('update', 'credential', 'alpha', 'u1'), ('update', 'destination_uri', 'alpha', 'sip:44.248.146.11:5061;transport=tls')]
    assert result['changes'][1]['before'] == {'ip': '44.248.146.11', 'mask': 32}
    assert result['changes'][1]['after'] == {'ip': '44.248.146.11', 'mask': 30}


def test_update_password_always_sends_the_password_but_never_shows_it(rsps):
    read_account(rsps)
    write(rsps, 'PUT', coll(SID_A, 'credentials') + '/1230', {'password': PASSWORD}, single(credential(SID_A, 'u1', '1230', 'f1'), method='PUT'))
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'credentials': [{'user_name': 'u1', 'password': PASSWORD}]},
                                                {'trunk_name': 'beta'}], update_password='always'), diff=True)
    assert keys(result) == [('update', 'credential', 'alpha', 'u1')]
    assert body_of(writes(rsps.calls)[0]) == {'password': PASSWORD}
    assert result['changes'][0]['after']['password'] == '(sent; Exotel never returns passwords)'
    if 'invocation' in result:  # ansible-core 2.21 no longer returns it
        assert result['invocation']['module_args']['config'][0]['credentials'][0]['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert PASSWORD not in result.stdout
    assert_calls_safe(rsps.calls, result)


# -- numbers held by another trunk -----------------------------------------------------------------------

def test_a_number_held_outside_the_scope_fails_that_item_naming_the_holder(rsps):
    list_trunks(rsps, [trunk('alpha', SID_A), trunk('beta', SID_B)])
    read_trunk(rsps, SID_A, **ALPHA_ITEMS)
    lookup(rsps, '+919000000003', SID_B, '41502')
    lookup(rsps, '+919000000004')
    write(rsps, 'POST', coll(SID_A, 'phone-numbers'), {'phone_number': '+919000000004'},
          single(number(SID_A, '+919000000004', '41701'), method='POST'))
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000003', '+919000000004']}]))
    assert result.failed_exit and result['failed'] is True
    assert keys(result) == [('create', 'phone_number', 'alpha', '+919000000004')]
    assert result['not_done'] == [{'action': 'create', 'kind': 'phone_number', 'trunk_name': 'alpha', 'key': '+919000000003', 'before': None,
                                   'after': {'phone_number': '+919000000003', 'mode': None},
                                   'reason': '+919000000003 is mapped to trunk beta (%s, mapping id 41502), which is not in config: remove it '
                                             'there first, or list that trunk too' % SID_B}]
    assert result['msg'].startswith('1 change was applied, 1 not (see changes and not_done). Failed: create phone_number +919000000003 on '
                                    'trunk alpha: +919000000003 is mapped to trunk beta')
    assert len(writes(rsps.calls)) == 1


# -- lost answers and Exotel's quirks ---------------------------------------------------------------------

def test_lost_answer_to_a_trunk_create_is_reconciled_by_re_reading(rsps):
    list_trunks(rsps, [])
    rsps.add(responses.POST, TRUNKS, body=requests.exceptions.ConnectionError('Connection aborted.', 'RemoteDisconnected'))
    list_trunks(rsps, [trunk('gamma', SID_NEW)])
    result = run_module(module, args('merged', [{'trunk_name': 'gamma'}]))
    assert keys(result) == [('create', 'trunk', 'gamma', 'gamma')]
    assert [c.request.method for c in rsps.calls] == ['GET', 'POST', 'GET']
    assert any('re-reading to find out whether the trunk creation took effect' in w for w in warnings_of(result))


def test_lost_answer_to_a_number_is_reconciled_never_a_duplicate(rsps):
    read_account(rsps)
    lookup(rsps, '+919000000004')
    rsps.add(responses.POST, coll(SID_A, 'phone-numbers'), body=requests.exceptions.ConnectionError('Connection aborted.'))
    lookup(rsps, '+919000000004', SID_A, '41702')  # the re-read: it is there
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000004']}, {'trunk_name': 'beta'}]))
    assert keys(result) == [('create', 'phone_number', 'alpha', '+919000000004')]
    assert len(writes(rsps.calls)) == 1
    assert result['changed'] is True


def test_lost_answer_to_a_write_that_did_not_land_is_written_once_more(rsps):
    list_trunks(rsps, [trunk('alpha', SID_A)])
    read_trunk(rsps, SID_A)
    rsps.add(responses.POST, coll(SID_A, 'whitelisted-ips'), body=requests.exceptions.ConnectionError('Connection aborted.'))
    list_kind(rsps, SID_A, 'whitelisted-ips', [])  # the re-read: not there
    write(rsps, 'POST', coll(SID_A, 'whitelisted-ips'), {'ip': '44.248.146.11', 'mask': 32},
          single(acl(SID_A, '44.248.146.11', '1151'), method='POST'))
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'whitelisted_ips': ['44.248.146.11']}]))
    assert keys(result) == [('create', 'whitelisted_ip', 'alpha', '44.248.146.11/32')]
    assert len(writes(rsps.calls)) == 2


def test_lost_answer_to_a_trunk_delete_is_confirmed_by_re_reading(rsps):
    read_account(rsps)
    write(rsps, 'DELETE', coll(SID_A, 'credentials'), query={'id': '1230'}, answer=single(credential(SID_A, 'u1', '1230'), method='DELETE'))
    rsps.add(responses.DELETE, TRUNKS, body=requests.exceptions.ConnectionError('Connection aborted.'))
    list_trunks(rsps, [trunk('beta', SID_B)])
    result = run_module(module, args('overridden', [GATHERED[1]]))
    assert keys(result) == [('delete', 'credential', 'alpha', 'u1'), ('delete', 'trunk', 'alpha', 'alpha')]
    assert len(writes(rsps.calls)) == 2


@pytest.mark.parametrize('http_code', [200, 409])
def test_duplicate_answer_to_a_create_is_reconciled(rsps, http_code):
    list_trunks(rsps, [trunk('alpha', SID_A)])
    read_trunk(rsps, SID_A)
    write(rsps, 'POST', coll(SID_A, 'whitelisted-ips'), {'ip': '44.248.146.11', 'mask': 32},
          duplicate('Unable to Whitelist-ip with ip 44.248.146.11', http_code=http_code), status=http_code)
    list_kind(rsps, SID_A, 'whitelisted-ips', [acl(SID_A, '44.248.146.11', '1152')])
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'whitelisted_ips': ['44.248.146.11']}]))
    assert not result.failed_exit
    assert result['changes'] == [] and result['changed'] is False  # someone else made it, as wanted
    assert result['after'][0]['whitelisted_ips'] == [{'ip': '44.248.146.11', 'mask': 32}]
    assert any('duplicate' in w for w in warnings_of(result))


def test_an_api_error_part_way_stops_and_reports_what_was_done(rsps):
    list_trunks(rsps, [trunk('alpha', SID_A)])
    read_trunk(rsps, SID_A)
    lookup(rsps, '+919000000004')
    write(rsps, 'POST', coll(SID_A, 'phone-numbers'), {'phone_number': '+919000000004'},
          single(number(SID_A, '+919000000004', '41703'), method='POST'))
    write(rsps, 'POST', coll(SID_A, 'destination-uris'), {'destinations': [{'destination': '44.248.146.99:5061'}]},
          {'request_id': 'c06dc46304aa406ea7daca83785bc7a9', 'method': 'POST', 'http_code': 207,
           'metadata': {'failed': 1, 'total': 1, 'success': 0},
           'response': [{'code': 400, 'error_data': {'code': 1002, 'message': 'Invalid parameter', 'description': 'Destination not whitelisted'},
                         'status': 'failure', 'data': None}]}, status=207)
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'phone_numbers': ['+919000000004'],
                                                 'destination_uris': ['44.248.146.99:5061'], 'settings': {'trunk_external_alias': '+919000000004'}}]))
    assert result.failed_exit
    assert keys(result) == [('create', 'phone_number', 'alpha', '+919000000004')]
    assert [(e['kind'], e['reason'][:40]) for e in result['not_done']] == [
        ('destination_uri', 'POST /v2/accounts/exotel_test/trunks/trm'), ('setting', 'not attempted: the run stopped at an ear')]
    assert 'Destination not whitelisted' in result['not_done'][0]['reason']
    assert 'add it first with exotel.trunking.exotel_trunk_whitelisted_ip' in result['not_done'][0]['reason']
    assert result['error']['error_code'] == 1002
    assert result['after'][0]['phone_numbers'] == ['+919000000004']
    assert 'Traceback' not in result.stdout


def test_an_auth_error_on_the_first_read(rsps):
    rsps.add(responses.GET, TRUNKS, status=401, json=unauthorized(), match=[matchers.query_param_matcher(PAGE)])
    result = run_module(module, args('merged', [{'trunk_name': 'alpha'}]))
    assert result.failed_exit
    assert result['msg'].startswith('Cannot apply the trunks (state=merged): GET /v2/accounts/exotel_test/trunks failed: HTTP 401')
    assert 'Check api_key and api_token' in result['msg']
    assert result['error']['http_status'] == 401
    assert_calls_safe(rsps.calls, result)


def test_a_trunk_deleted_meanwhile_holds_nothing(rsps):
    list_trunks(rsps, [trunk('alpha', SID_A)])
    rsps.add(responses.GET, coll(SID_A, 'phone-numbers'), status=404, json=not_found(), match=[matchers.query_param_matcher(PAGE)])
    for collection in ('whitelisted-ips', 'destination-uris', 'credentials', 'settings'):
        rsps.add(responses.GET, coll(SID_A, collection), status=404, json=not_found(), match=[matchers.query_param_matcher(PAGE)])
    result = run_module(module, args('gathered'))
    assert result['gathered'][0]['phone_numbers'] == [] and result['gathered'][0]['settings'] == {}


# -- input errors: no request at all -------------------------------------------------------------------

@pytest.mark.parametrize('config, state, fragment', [
    (None, 'merged', 'config is required with state=merged'),
    ([{'trunk_name': 'alpha'}, {'trunk_name': 'alpha'}], 'merged', 'config[1] (trunk alpha): trunk_name alpha is listed twice'),
    ([{'trunk_name': 'alpha', 'phone_numbers': ['+919000000001']}, {'trunk_name': 'beta', 'phone_numbers': ['+919000000001']}], 'replaced',
     'config[1] (trunk beta) phone_numbers[0]: +919000000001 is also listed for trunk alpha'),
    ([{'trunk_name': 'alpha', 'phone_numbers': ['+919000000001', '+919000000001']}], 'merged', 'phone_numbers[1]: listed again'),
    ([{'trunk_name': 'alpha', 'phone_numbers': [919000000001]}], 'merged', 'config[0] (trunk alpha) phone_numbers[0]: 919000000001 is neither'),
    ([{'trunk_name': 'alpha', 'whitelisted_ips': [{'ip': '10.0.0.1', 'bits': 24}]}], 'merged', 'whitelisted_ips[0]: unknown key(s) bits'),
    ([{'trunk_name': 'alpha', 'flavour': 'x'}], 'merged', 'config.flavour'),
    ([{'trunk_name': 'alpha', 'credentials': [{'user_name': 'u1', 'secret': 'x'}]}], 'merged', 'config.credentials.secret'),
    ([{'trunk_name': 'alpha', 'credentials': [{'password': PASSWORD}]}], 'merged', 'user_name'),
    ([{'nso_code': 'ANY-ANY'}], 'merged', 'trunk_name'),
    ([{'trunk_name': 'alpha', 'credentials': [{'user_name': 'u1', 'password': 'short'}]}], 'merged',
     'config[0] (trunk alpha) credentials[0] password is not valid (value not shown)'),
])
def test_input_errors_send_no_request(rsps, config, state, fragment):
    result = run_module(module, args(state, config))
    assert result.failed_exit
    assert fragment in result['msg']
    assert len(rsps.calls) == 0
    assert 'short' not in result['msg'] and PASSWORD not in result.stdout


def test_a_bad_state_is_rejected_by_the_argument_spec(rsps):
    result = run_module(module, args('present', [{'trunk_name': 'alpha'}]))
    assert result.failed_exit and 'state' in result['msg'] and 'gathered' in result['msg']
    assert len(rsps.calls) == 0


def test_connection_options_are_checked_before_any_request(rsps):
    result = run_module(module, dict(args('gathered'), api_url='ftp://example.com'))
    assert result.failed_exit and result['msg'].startswith("api_url 'ftp://example.com' is not valid")
    assert len(rsps.calls) == 0


def test_error_from_a_server_never_echoes_the_password(rsps):
    list_trunks(rsps, [trunk('alpha', SID_A)])
    read_trunk(rsps, SID_A)
    write(rsps, 'POST', coll(SID_A, 'credentials'), {'user_name': 'u9', 'password': PASSWORD},
          error(400, 1002, 'Invalid parameter', 'Invalid password %s' % 'x', method='POST'), status=400)
    result = run_module(module, args('merged', [{'trunk_name': 'alpha', 'credentials': [{'user_name': 'u9', 'password': PASSWORD}]}]), diff=True)
    assert result.failed_exit
    assert PASSWORD not in result.stdout
    assert_calls_safe(rsps.calls, result)
