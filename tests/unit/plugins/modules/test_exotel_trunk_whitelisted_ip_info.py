# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_whitelisted_ip_info: every page read, the ip filter, an unknown trunk, bad input before any request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_whitelisted_ip_info as info_module
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import TRUNK_SID as TRUNK
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import WHITELISTED_IPS, api_whitelisted_ip, conversation
from ansible_collections.exotel.trunking.tests.unit.utils import CONN, assert_calls_safe, forbidden, not_found, run_module


def entry(mask=32, ident='1153', ip='44.248.146.11'):
    return api_whitelisted_ip(ip=ip, mask=mask, ident=ident)


def add_list(rsps, items, **kwargs):
    WHITELISTED_IPS.listed(rsps, items, **kwargs)


def test_info_lists_all(rsps):
    add_list(rsps, [entry(ip='10.1.1.1', ident='1160'), entry()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['changed'] is False
    assert [e['id'] for e in result['whitelisted_ips']] == ['1160', '1153']
    assert_calls_safe(rsps.calls, result)


def test_info_reads_every_page(rsps):
    add_list(rsps, [entry(ip='10.0.0.%d' % i, ident=str(2000 + i)) for i in range(50)], next_page=True)
    add_list(rsps, [entry()], offset=50)
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert len(result['whitelisted_ips']) == 51 and result['whitelisted_ips'][-1] == entry()
    assert [c[1] for c in conversation(rsps.calls)] == [WHITELISTED_IPS.path() + '?offset=0&page_size=50',
                                                        WHITELISTED_IPS.path() + '?offset=50&page_size=50']


def test_info_filter(rsps):
    add_list(rsps, [entry(ip='10.1.1.1', ident='1160'), entry()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, ip='44.248.146.11'))
    assert result['whitelisted_ips'] == [entry()]


def test_info_filter_without_match_is_empty(rsps):
    add_list(rsps, [entry(ip='10.1.1.1', ident='1160')])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, ip='44.248.146.11'))
    assert result == dict(result, changed=False, whitelisted_ips=[])


def test_info_empty_without_metadata(rsps):
    add_list(rsps, [], metadata=False)
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['whitelisted_ips'] == []


def test_info_runs_in_check_mode(rsps):
    add_list(rsps, [entry()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK), check_mode=True)
    assert result['whitelisted_ips'] == [entry()] and result['changed'] is False


def test_info_unknown_trunk(rsps):
    WHITELISTED_IPS.fails(rsps, 'GET', not_found())
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['failed'] is True
    assert 'no such trunk' in result['msg']


def test_info_unknown_trunk_forbidden(rsps):
    WHITELISTED_IPS.fails(rsps, 'GET', forbidden())
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['failed'] is True
    assert result['msg'] == "trunk_sid '%s': no such trunk in this account (or it is not visible to these credentials)" % TRUNK


def test_info_bad_ip_sends_nothing(rsps):
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, ip='10.0.0.0/8'))
    assert result['failed'] is True
    assert len(rsps.calls) == 0


def test_info_bad_trunk_sid_sends_nothing(rsps):
    result = run_module(info_module, dict(CONN, trunk_sid='../x'))
    assert result['failed'] is True and "trunk_sid '../x' is not a valid Exotel identifier" in result['msg']
    assert len(rsps.calls) == 0
