# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_destination_uri_info: every destination, the parsed destination filter, bad input before any request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_destination_uri_info as info_module
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import TRUNK_SID as TRUNK
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import DESTINATION_URIS, api_destination_uri
from ansible_collections.exotel.trunking.tests.unit.utils import CONN, assert_calls_safe, not_found, run_module


def uri(ident='2543', destination='sip:44.248.146.11:5061;transport=tls'):
    return api_destination_uri(destination=destination, ident=ident)


def add_list(rsps, items, **kwargs):
    DESTINATION_URIS.listed(rsps, items, **kwargs)


def test_info_lists_all(rsps):
    add_list(rsps, [uri(ident='2544', destination='sip:sip.company.com:5061;transport=tls'), uri()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['changed'] is False
    assert [d['id'] for d in result['destination_uris']] == ['2544', '2543']
    assert result['destination_uris'][1] == uri()
    assert_calls_safe(rsps.calls, result)


def test_info_filter(rsps):
    add_list(rsps, [uri(ident='2544', destination='sip:sip.company.com:5061;transport=tls'), uri()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, destination='SIP.company.com:5061;transport=tls'))
    assert [d['id'] for d in result['destination_uris']] == ['2544']


@pytest.mark.parametrize('given', ['44.248.146.11:5061;transport=tls', 'sip:44.248.146.11:5061;TRANSPORT=TLS'])
def test_info_filter_returns_every_duplicate(rsps, given):
    add_list(rsps, [uri(ident='2600'), uri(), uri(ident='2601', destination='sip:44.248.146.11:5061')])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, destination=given))
    assert [d['id'] for d in result['destination_uris']] == ['2600', '2543']


def test_info_empty_without_metadata(rsps):
    add_list(rsps, [], metadata=False)
    assert run_module(info_module, dict(CONN, trunk_sid=TRUNK))['destination_uris'] == []


def test_info_unknown_trunk(rsps):
    DESTINATION_URIS.fails(rsps, 'GET', not_found())
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['failed'] is True and 'no such trunk' in result['msg']


def test_info_bad_filter_sends_nothing(rsps):
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, destination='nope'))
    assert result['failed'] is True
    assert "destination 'nope' is not a valid destination" in result['msg']
    assert len(rsps.calls) == 0
