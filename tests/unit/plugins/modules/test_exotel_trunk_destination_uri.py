# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_destination_uri: each test replays the exact HTTP conversation (shared pieces: exotel_conversations)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_destination_uri as module
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import TRUNK_SID as TRUNK
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import DESTINATION_URIS, api_destination_uri
from ansible_collections.exotel.trunking.tests.unit.utils import (
    CONN, assert_calls_safe, batch, item_error, not_found, run_module, writes)

ARGS = dict(CONN, trunk_sid=TRUNK, destination='44.248.146.11:5061;transport=tls')


def uri(priority=0, weight=1, ident='2543', destination='sip:44.248.146.11:5061;transport=tls', updated='2026-01-23T13:38:32Z'):
    return api_destination_uri(destination=destination, priority=priority, weight=weight, ident=ident, updated=updated)


def add_list(rsps, items, **kwargs):
    DESTINATION_URIS.listed(rsps, items, **kwargs)


def add_post(rsps, data, destination='44.248.146.11:5061;transport=tls'):
    DESTINATION_URIS.created(rsps, data, body={'destinations': [{'destination': destination}]})


def test_create_with_defaults(rsps):
    add_list(rsps, [uri(ident='2544', destination='sip:sip.company.com:5061;transport=tls')])
    add_post(rsps, uri())
    result = run_module(module, ARGS, diff=True)
    assert result['changed'] is True
    assert result['destination_uri'] == uri()
    assert result['diff'] == {'before': {}, 'after': uri()}
    assert len(rsps.calls) == 2
    assert_calls_safe(rsps.calls, result)


def test_create_strips_sip_prefix_and_sets_priority_weight(rsps):
    add_list(rsps, [], metadata=False)
    add_post(rsps, uri())
    DESTINATION_URIS.updated(rsps, uri(priority=1, weight=5, updated='2026-01-23T13:40:00Z'), body={'priority': 1, 'weight': 5})
    result = run_module(module, dict(ARGS, destination='sip:44.248.146.11:5061;transport=tls', priority=1, weight=5), diff=True)
    assert result['changed'] is True
    assert result['destination_uri'] == uri(priority=1, weight=5, updated='2026-01-23T13:40:00Z')
    assert result['diff']['before'] == {}
    assert result['diff']['after'] == result['destination_uri']
    assert [c.request.method for c in rsps.calls] == ['GET', 'POST', 'PUT']


def test_create_with_default_values_needs_no_put(rsps):
    add_list(rsps, [])
    add_post(rsps, uri())
    result = run_module(module, dict(ARGS, priority=0, weight=1))
    assert result['changed'] is True
    assert len(writes(rsps.calls)) == 1


@pytest.mark.parametrize('given', [
    '44.248.146.11:5061;transport=tls',
    'sip:44.248.146.11:5061;transport=tls',
    'SIP:44.248.146.11:5061;TRANSPORT=TLS',
])
def test_idempotent_rerun_zero_writes(rsps, given):
    add_list(rsps, [uri(priority=1, weight=5)])
    result = run_module(module, dict(ARGS, destination=given))
    assert result['changed'] is False
    assert result['destination_uri'] == uri(priority=1, weight=5)
    assert writes(rsps.calls) == []


def test_fqdn_host_compared_case_insensitively(rsps):
    add_list(rsps, [uri(destination='sip:sip.example.com:5061;transport=tls')])
    result = run_module(module, dict(ARGS, destination='SIP.Example.COM:5061;transport=tls'))
    assert result['changed'] is False


def test_transport_and_port_are_part_of_identity(rsps):
    add_list(rsps, [uri(destination='sip:44.248.146.11:5060;transport=tcp'), uri(ident='2550', destination='sip:44.248.146.11:5061')])
    add_post(rsps, uri(ident='2551'))
    result = run_module(module, ARGS)
    assert result['changed'] is True
    assert result['destination_uri']['id'] == '2551'


def test_update_in_place(rsps):
    add_list(rsps, [uri()])
    DESTINATION_URIS.updated(rsps, uri(weight=5, updated='2026-01-24T00:00:00Z'), body={'priority': 0, 'weight': 5})
    result = run_module(module, dict(ARGS, weight=5), diff=True)
    assert result['changed'] is True
    assert result['destination_uri']['weight'] == 5
    assert result['diff']['before'] == uri()
    assert result['diff']['after'] == uri(weight=5, updated='2026-01-24T00:00:00Z')


def test_omitted_priority_weight_leave_existing(rsps):
    add_list(rsps, [uri(priority=3, weight=7)])
    result = run_module(module, ARGS)
    assert result['changed'] is False
    assert writes(rsps.calls) == []


def test_check_mode_create_predicts_without_writing(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, destination='sip:44.248.146.11:5061;transport=tls', weight=3), check_mode=True, diff=True)
    predicted = {'id': None, 'destination': 'sip:44.248.146.11:5061;transport=tls', 'type': 'public', 'priority': 0, 'weight': 3,
                 'trunk_sid': TRUNK, 'date_created': None, 'date_updated': None}
    assert result['changed'] is True
    assert result['destination_uri'] == predicted
    assert result['diff'] == {'before': {}, 'after': predicted}
    assert writes(rsps.calls) == []


def test_check_mode_update_predicts_without_writing(rsps):
    add_list(rsps, [uri()])
    result = run_module(module, dict(ARGS, priority=2), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['destination_uri'] == uri(priority=2)
    assert result['diff'] == {'before': uri(), 'after': uri(priority=2)}
    assert writes(rsps.calls) == []


def test_absent(rsps):
    add_list(rsps, [uri()])
    DESTINATION_URIS.deleted(rsps, uri())
    result = run_module(module, dict(ARGS, destination='sip:44.248.146.11:5061;transport=TLS', state='absent'), diff=True)
    assert result['changed'] is True
    assert result['destination_uri'] == uri()
    assert result['diff'] == {'before': uri(), 'after': {}}


def test_absent_removes_every_duplicate(rsps):
    add_list(rsps, [uri(ident='2600'), uri()])
    DESTINATION_URIS.deleted(rsps, uri())
    DESTINATION_URIS.deleted(rsps, uri(ident='2600'))
    result = run_module(module, dict(ARGS, state='absent'))
    assert result['changed'] is True
    assert result['destination_uri']['id'] == '2543'
    assert len(writes(rsps.calls)) == 2


def test_present_with_duplicates_manages_oldest_and_warns(rsps):
    add_list(rsps, [uri(ident='2600'), uri()])
    result = run_module(module, ARGS)
    assert result['changed'] is False
    assert result['destination_uri']['id'] == '2543'
    assert 'ids 2543, 2600' in json.dumps(result['warnings'])


def test_absent_twice(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, state='absent'), diff=True)
    assert result['changed'] is False
    assert result['destination_uri'] is None
    assert result['diff'] == {'before': {}, 'after': {}}
    assert writes(rsps.calls) == []


def test_absent_check_mode(rsps):
    add_list(rsps, [uri()])
    result = run_module(module, dict(ARGS, state='absent'), check_mode=True)
    assert result['changed'] is True
    assert writes(rsps.calls) == []


def test_207_not_whitelisted_explains_what_to_do(rsps):
    add_list(rsps, [])
    DESTINATION_URIS.fails(rsps, 'POST', batch([item_error(description='Destination not whitelisted')]))
    result = run_module(module, ARGS)
    assert result['failed'] is True
    assert 'Destination not whitelisted' in result['msg']
    assert 'exotel.trunking.exotel_trunk_whitelisted_ip (trunk_sid=%s, ip=44.248.146.11)' % TRUNK in result['msg']
    assert result['msg'].startswith('Cannot set destination 44.248.146.11:5061;transport=tls on trunk %s' % TRUNK)
    assert result['error']['description'] == 'Destination not whitelisted'
    assert len(writes(rsps.calls)) == 1


def test_207_invalid_host(rsps):
    add_list(rsps, [])
    DESTINATION_URIS.fails(rsps, 'POST', batch([item_error(description='Destination is not a valid Ip or Fqdn')]))
    result = run_module(module, dict(ARGS, destination='sip.example.com:5061'))
    assert result['failed'] is True
    assert 'Destination is not a valid Ip or Fqdn' in result['msg']
    assert 'routable' in result['msg']


def test_lost_post_answer_is_reconciled_not_resent(rsps):
    add_list(rsps, [])
    DESTINATION_URIS.lost(rsps, 'POST', status=504)
    add_list(rsps, [uri()])
    result = run_module(module, ARGS)
    assert result['changed'] is True
    assert result['destination_uri'] == uri()
    assert len(writes(rsps.calls)) == 1


def test_unknown_trunk(rsps):
    DESTINATION_URIS.fails(rsps, 'GET', not_found())
    result = run_module(module, ARGS)
    assert result['failed'] is True
    assert 'no such trunk' in result['msg']


@pytest.mark.parametrize('args, fragment', [
    (dict(destination='44.248.146.11'), "destination '44.248.146.11' is not a valid destination: expected host:port"),
    (dict(destination='44.248.146.11:0'), 'port 0 is out of range 1-65535'),
    (dict(destination='44.248.146.11:70000;transport=tls'), 'port 70000 is out of range'),
    (dict(destination='44.248.146.11:5061;transport=sctp'), "transport 'sctp' is not one of tls, tcp, udp"),
    (dict(destination='44.248.146.300:5061'), "'44.248.146.300' is not a valid IPv4 address"),
    (dict(destination='localhost:5060'), 'neither an IPv4 address nor a fully qualified domain name'),
    (dict(destination='sip:user@host.example.com:5060'), 'is not a valid destination'),
    (dict(destination='a.example.com:5061;transport=tls;lr'), 'is not a valid destination'),
    (dict(priority=-1), 'priority -1 is not valid: it must be 0 or greater'),
    (dict(weight=-2), 'weight -2 is not valid'),
    (dict(trunk_sid='a/b'), "trunk_sid 'a/b' is not a valid Exotel identifier"),
])
def test_validation_errors_send_nothing(rsps, args, fragment):
    result = run_module(module, dict(ARGS, **args))
    assert result['failed'] is True
    assert fragment in result['msg']
    assert len(rsps.calls) == 0
