# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_credential_info: every credential, the user_name filter, no password, bad input before any request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_credential_info as info_module
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import OTHER_TRUNK_SID as TRUNK
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import CREDENTIALS, api_credential, conversation
from ansible_collections.exotel.trunking.tests.unit.utils import CONN, assert_calls_safe, error, run_module


def cred(ident='1234', user_name='voice_ai_user'):
    return api_credential(user_name=user_name, ident=ident, trunk=TRUNK)


def add_list(rsps, items, **kwargs):
    if not items:
        kwargs.setdefault('metadata', False)  # Exotel's captured empty credentials list has no metadata
    CREDENTIALS.listed(rsps, items, trunk=TRUNK, **kwargs)


def test_info_lists_all(rsps):
    add_list(rsps, [cred(user_name='other', ident='1235'), cred()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['changed'] is False
    assert [c['user_name'] for c in result['credentials']] == ['other', 'voice_ai_user']
    assert 'password' not in result.stdout
    assert conversation(rsps.calls) == [('GET', CREDENTIALS.path(TRUNK) + '?offset=0&page_size=50', None)]
    assert_calls_safe(rsps.calls, result)


def test_info_filter(rsps):
    add_list(rsps, [cred(user_name='other', ident='1235'), cred()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, user_name='voice_ai_user'))
    assert result['credentials'] == [cred()]


def test_info_filter_without_match(rsps):
    add_list(rsps, [cred(user_name='other', ident='1235')])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, user_name='voice_ai_user'))
    assert result['credentials'] == [] and result['changed'] is False


def test_info_empty_list_without_metadata(rsps):
    add_list(rsps, [])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['credentials'] == []
    assert len(rsps.calls) == 1


def test_info_runs_in_check_mode(rsps):
    add_list(rsps, [cred()])
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK), check_mode=True)
    assert result['credentials'] == [cred()]


def test_info_unknown_trunk(rsps):
    CREDENTIALS.fails(rsps, 'GET', error(403, 1003, 'Authorization failed'), trunk=TRUNK)
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['failed'] is True
    assert 'no such trunk' in result['msg']


def test_info_other_error_names_the_listing(rsps):
    CREDENTIALS.fails(rsps, 'GET', error(400, 1002, 'Invalid parameter', 'page_size is too large'), trunk=TRUNK)
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK))
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot list the credentials of trunk %s: GET ' % TRUNK)
    assert result['error']['description'] == 'page_size is too large'


def test_info_bad_user_name_sends_nothing(rsps):
    result = run_module(info_module, dict(CONN, trunk_sid=TRUNK, user_name='a-b'))
    assert result['failed'] is True
    assert len(rsps.calls) == 0
