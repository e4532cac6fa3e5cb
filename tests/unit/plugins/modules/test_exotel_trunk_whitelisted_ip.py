# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_whitelisted_ip: each test replays the exact HTTP conversation (shared pieces: exotel_conversations)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_whitelisted_ip as module
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import TRUNK_SID as TRUNK
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import WHITELISTED_IPS, api_whitelisted_ip
from ansible_collections.exotel.trunking.tests.unit.utils import (
    CONN, assert_calls_safe, body_of, duplicate, error, forbidden, not_found, run_module, writes)

ARGS = dict(CONN, trunk_sid=TRUNK, ip='44.248.146.11')


def entry(mask=32, ident='1153', ip='44.248.146.11', updated='2026-01-23T11:37:36Z'):
    return api_whitelisted_ip(ip=ip, mask=mask, ident=ident, updated=updated)


def add_list(rsps, items, **kwargs):
    WHITELISTED_IPS.listed(rsps, items, **kwargs)


def test_create(rsps):
    add_list(rsps, [entry(ip='10.1.1.1', ident='1150')])
    WHITELISTED_IPS.created(rsps, entry(), body={'ip': '44.248.146.11', 'mask': 32})
    result = run_module(module, ARGS, diff=True)
    assert result['changed'] is True
    assert result['whitelisted_ip'] == entry()
    assert result['diff'] == {'before': {}, 'after': entry()}
    assert len(rsps.calls) == 2
    assert rsps.calls[1].request.headers['Content-Type'] == 'application/json'
    assert_calls_safe(rsps.calls, result)


def test_idempotent_rerun_zero_writes(rsps):
    add_list(rsps, [entry()])
    result = run_module(module, ARGS)
    assert result['changed'] is False
    assert result['whitelisted_ip'] == entry()
    assert writes(rsps.calls) == []


def test_found_on_second_page(rsps):
    add_list(rsps, [entry(ip='10.0.0.%d' % i, ident=str(2000 + i)) for i in range(50)], next_page=True)
    add_list(rsps, [entry()], offset=50)
    result = run_module(module, ARGS)
    assert result['changed'] is False
    assert result['whitelisted_ip']['id'] == '1153'


def test_update_mask(rsps):
    add_list(rsps, [entry()])
    WHITELISTED_IPS.updated(rsps, entry(mask=24, updated='2026-01-24T00:00:00Z'), body={'ip': '44.248.146.11', 'mask': 24})
    result = run_module(module, dict(ARGS, mask=24), diff=True)
    assert result['changed'] is True
    assert result['whitelisted_ip']['mask'] == 24
    assert result['diff']['before'] == entry()
    assert result['diff']['after'] == entry(mask=24, updated='2026-01-24T00:00:00Z')


def test_check_mode_create_predicts_without_writing(rsps):
    add_list(rsps, [], metadata=False)
    result = run_module(module, dict(ARGS, mask=24), check_mode=True, diff=True)
    assert result['changed'] is True
    predicted = {'id': None, 'ip': '44.248.146.11', 'mask': 24, 'trunk_sid': TRUNK, 'friendly_name': None,
                 'date_created': None, 'date_updated': None}
    assert result['whitelisted_ip'] == predicted
    assert result['diff'] == {'before': {}, 'after': predicted}
    assert writes(rsps.calls) == []


def test_check_mode_update_predicts_without_writing(rsps):
    add_list(rsps, [entry()])
    result = run_module(module, dict(ARGS, mask=16), check_mode=True)
    assert result['changed'] is True
    assert result['whitelisted_ip'] == entry(mask=16)
    assert writes(rsps.calls) == []


def test_check_mode_unchanged(rsps):
    add_list(rsps, [entry()])
    result = run_module(module, ARGS, check_mode=True)
    assert result['changed'] is False


def test_absent(rsps):
    add_list(rsps, [entry(mask=24)])
    WHITELISTED_IPS.deleted(rsps, entry(mask=24))
    result = run_module(module, dict(ARGS, state='absent'), diff=True)
    assert result['changed'] is True
    assert result['whitelisted_ip'] == entry(mask=24)
    assert result['diff'] == {'before': entry(mask=24), 'after': {}}
    assert body_of(rsps.calls[1]) is None


def test_absent_twice(rsps):
    add_list(rsps, [entry(ip='10.1.1.1')])
    result = run_module(module, dict(ARGS, state='absent'), diff=True)
    assert result['changed'] is False
    assert result['whitelisted_ip'] is None
    assert result['diff'] == {'before': {}, 'after': {}}
    assert writes(rsps.calls) == []


def test_absent_check_mode(rsps):
    add_list(rsps, [entry()])
    result = run_module(module, dict(ARGS, state='absent'), check_mode=True)
    assert result['changed'] is True
    assert result['whitelisted_ip'] == entry()
    assert writes(rsps.calls) == []


def test_absent_unknown_trunk_is_no_change(rsps):
    WHITELISTED_IPS.fails(rsps, 'GET', not_found())
    result = run_module(module, dict(ARGS, state='absent'))
    assert result['changed'] is False


def test_present_unknown_trunk_fails(rsps):
    WHITELISTED_IPS.fails(rsps, 'GET', forbidden())
    result = run_module(module, ARGS)
    assert result['failed'] is True
    assert "trunk_sid 'trmum1f708622631150902801a1n': no such trunk" in result['msg']


@pytest.mark.parametrize('http_code', [200, 409])
def test_duplicate_quirk_adopts_and_reconciles(rsps, http_code):
    add_list(rsps, [])
    WHITELISTED_IPS.fails(rsps, 'POST', duplicate('Unable to Whitelist-ip with ip 44.248.146.11', http_code=http_code))
    add_list(rsps, [entry(mask=24)])
    WHITELISTED_IPS.updated(rsps, entry(), body={'ip': '44.248.146.11', 'mask': 32})
    result = run_module(module, ARGS)
    assert result['changed'] is True
    assert result['whitelisted_ip'] == entry()
    assert 'as a duplicate' in json.dumps(result['warnings'])
    assert len(rsps.calls) == 4


def test_duplicate_quirk_already_equal(rsps):
    add_list(rsps, [])
    WHITELISTED_IPS.fails(rsps, 'POST', duplicate('Unable to Whitelist-ip with ip 44.248.146.11'))
    add_list(rsps, [entry()])
    result = run_module(module, ARGS)
    assert result['changed'] is False
    assert result['whitelisted_ip'] == entry()


def test_lost_answer_is_reconciled_not_resent(rsps):
    add_list(rsps, [])
    WHITELISTED_IPS.lost(rsps, 'POST')
    add_list(rsps, [entry()])
    result = run_module(module, ARGS)
    assert result['changed'] is True
    assert result['whitelisted_ip'] == entry()
    assert len(writes(rsps.calls)) == 1


def test_api_error_message(rsps):
    add_list(rsps, [])
    WHITELISTED_IPS.fails(rsps, 'POST', error(400, 1002, 'Invalid parameter', 'mask should be in-between 16 and 32', method='POST'))
    result = run_module(module, ARGS)
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot whitelist 44.248.146.11/32 on trunk %s: POST' % TRUNK)
    assert 'mask should be in-between 16 and 32' in result['msg']
    assert result['error']['error_code'] == 1002


@pytest.mark.parametrize('args, fragment', [
    (dict(ip='10.0.0.0/24'), "ip '10.0.0.0/24' is a network, not an address"),
    (dict(ip='2001:db8::1'), "ip '2001:db8::1' is an IPv6 address"),
    (dict(ip='300.1.1.1'), "ip '300.1.1.1' is not a valid IPv4 address"),
    (dict(ip='sip.example.com'), "ip 'sip.example.com' is not a valid IPv4 address"),
    (dict(mask=15), 'mask 15 is not valid: Exotel accepts a CIDR prefix length from 16 to 32'),
    (dict(mask=33), 'mask 33 is not valid'),
    (dict(trunk_sid='../x'), "trunk_sid '../x' is not a valid Exotel identifier"),
])
def test_validation_errors_send_nothing(rsps, args, fragment):
    result = run_module(module, dict(ARGS, **args))
    assert result['failed'] is True
    assert fragment in result['msg']
    assert len(rsps.calls) == 0


def test_mask_not_checked_for_absent(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, mask=8, state='absent'))
    assert result['changed'] is False
