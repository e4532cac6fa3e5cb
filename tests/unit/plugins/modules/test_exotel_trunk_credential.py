# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_credential: each test replays the exact HTTP conversation; no password ever shows."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_credential as module
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import OTHER_TRUNK_SID as TRUNK
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import CREDENTIALS, api_credential
from ansible_collections.exotel.trunking.tests.unit.utils import (
    CONN, assert_calls_safe, duplicate, error, not_found, run_module, writes)

PASSWORD = 'Zq7_unique_pw_9431'
ARGS = dict(CONN, trunk_sid=TRUNK, user_name='voice_ai_user', password=PASSWORD)
MARK = '(sent; Exotel never returns passwords)'


def cred(friendly_name='voice_ai_platform', ident='1234', user_name='voice_ai_user', updated='2026-01-23T11:37:36Z'):
    return api_credential(user_name=user_name, friendly_name=friendly_name, ident=ident, trunk=TRUNK, updated=updated)


def add_list(rsps, items, **kwargs):
    if not items:
        kwargs.setdefault('metadata', False)  # Exotel's captured empty credentials list has no metadata
    CREDENTIALS.listed(rsps, items, trunk=TRUNK, **kwargs)


def assert_no_password(result):
    """Neither the password nor Ansible's mask of it (which would betray a leak) is anywhere in the output."""
    assert PASSWORD not in result.stdout
    assert '********' not in result.stdout
    assert_calls_safe([], result)


def test_create(rsps):
    add_list(rsps, [])
    CREDENTIALS.created(rsps, cred(), trunk=TRUNK, body={'user_name': 'voice_ai_user', 'password': PASSWORD, 'friendly_name': 'voice_ai_platform'})
    result = run_module(module, dict(ARGS, friendly_name='voice_ai_platform'), diff=True)
    assert result['changed'] is True
    assert result['credential'] == cred()
    assert result['diff'] == {'before': {}, 'after': dict(cred(), password=MARK)}
    assert_no_password(result)
    assert_calls_safe(rsps.calls, result)


def test_create_without_friendly_name(rsps):
    add_list(rsps, [])
    CREDENTIALS.created(rsps, cred(friendly_name=None), trunk=TRUNK, body={'user_name': 'voice_ai_user', 'password': PASSWORD})
    result = run_module(module, ARGS)
    assert result['changed'] is True
    assert result['credential']['friendly_name'] is None


def test_create_needs_password(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, password=None))
    assert result['failed'] is True
    assert result['msg'] == ("user_name 'voice_ai_user': no such credential on trunk %s, and password is required to create one" % TRUNK)
    assert writes(rsps.calls) == []


def test_on_create_is_idempotent(rsps):
    add_list(rsps, [cred()])
    result = run_module(module, dict(ARGS, update_password='on_create', friendly_name='voice_ai_platform'), diff=True)
    assert result['changed'] is False
    assert result['credential'] == cred()
    assert result['diff'] == {'before': cred(), 'after': cred()}
    assert writes(rsps.calls) == []
    assert_no_password(result)


def test_without_password_is_idempotent(rsps):
    add_list(rsps, [cred()])
    result = run_module(module, dict(ARGS, password=None))
    assert result['changed'] is False
    assert writes(rsps.calls) == []


def test_always_sends_password_and_reports_change(rsps):
    add_list(rsps, [cred()])
    CREDENTIALS.updated(rsps, cred(updated='2026-01-24T00:00:00Z'), trunk=TRUNK, body={'password': PASSWORD})
    result = run_module(module, ARGS, diff=True)
    assert result['changed'] is True
    assert result['credential'] == cred(updated='2026-01-24T00:00:00Z')
    assert result['diff'] == {'before': cred(), 'after': dict(cred(updated='2026-01-24T00:00:00Z'), password=MARK)}
    assert_no_password(result)


def test_update_friendly_name_only(rsps):
    add_list(rsps, [cred()])
    CREDENTIALS.updated(rsps, cred(friendly_name='new_name'), trunk=TRUNK, body={'friendly_name': 'new_name'})
    result = run_module(module, dict(ARGS, friendly_name='new_name', update_password='on_create'), diff=True)
    assert result['changed'] is True
    assert result['credential']['friendly_name'] == 'new_name'
    assert result['diff'] == {'before': cred(), 'after': cred(friendly_name='new_name')}


def test_update_friendly_name_and_password(rsps):
    add_list(rsps, [cred()])
    CREDENTIALS.updated(rsps, cred(friendly_name='new_name'), trunk=TRUNK, body={'friendly_name': 'new_name', 'password': PASSWORD})
    result = run_module(module, dict(ARGS, friendly_name='new_name'))
    assert result['changed'] is True
    assert_no_password(result)


def test_check_mode_create(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, friendly_name='fn'), check_mode=True, diff=True)
    predicted = {'id': None, 'user_name': 'voice_ai_user', 'friendly_name': 'fn', 'trunk_sid': TRUNK,
                 'date_created': None, 'date_updated': None}
    assert result['changed'] is True
    assert result['credential'] == predicted
    assert result['diff'] == {'before': {}, 'after': dict(predicted, password=MARK)}
    assert writes(rsps.calls) == []
    assert_no_password(result)


def test_check_mode_always_predicts_change(rsps):
    add_list(rsps, [cred()])
    result = run_module(module, ARGS, check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['credential'] == cred()
    assert result['diff'] == {'before': cred(), 'after': dict(cred(), password=MARK)}
    assert writes(rsps.calls) == []
    assert_no_password(result)


def test_check_mode_on_create_predicts_no_change(rsps):
    add_list(rsps, [cred()])
    result = run_module(module, dict(ARGS, update_password='on_create'), check_mode=True)
    assert result['changed'] is False
    assert writes(rsps.calls) == []


def test_absent(rsps):
    add_list(rsps, [cred(user_name='other', ident='1235'), cred()])
    CREDENTIALS.deleted(rsps, cred(), trunk=TRUNK)
    result = run_module(module, dict(ARGS, state='absent'), diff=True)
    assert result['changed'] is True
    assert result['credential'] == cred()
    assert result['diff'] == {'before': cred(), 'after': {}}
    assert_no_password(result)


def test_absent_twice(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, state='absent'), diff=True)
    assert result['changed'] is False
    assert result['credential'] is None
    assert result['diff'] == {'before': {}, 'after': {}}
    assert writes(rsps.calls) == []


def test_absent_deleted_meanwhile(rsps):
    add_list(rsps, [cred()])
    CREDENTIALS.fails(rsps, 'DELETE', not_found(method='DELETE'), trunk=TRUNK)
    result = run_module(module, dict(ARGS, state='absent'))
    assert result['changed'] is False
    assert result['credential'] is None


@pytest.mark.parametrize('http_code', [200, 409])
def test_duplicate_quirk_adopts_existing(rsps, http_code):
    add_list(rsps, [])
    CREDENTIALS.fails(rsps, 'POST', duplicate('Unable to create Credential with user_name voice_ai_user', http_code=http_code), trunk=TRUNK)
    add_list(rsps, [cred()])
    result = run_module(module, dict(ARGS, update_password='on_create'))
    assert result['changed'] is False
    assert result['credential'] == cred()
    assert 'as a duplicate' in json.dumps(result['warnings'])
    assert_no_password(result)


def test_lost_put_answer_resends_password(rsps):
    add_list(rsps, [cred()])
    CREDENTIALS.lost(rsps, 'PUT', trunk=TRUNK, extra=('1234',))
    add_list(rsps, [cred()])
    CREDENTIALS.updated(rsps, cred(), trunk=TRUNK, body={'password': PASSWORD})
    result = run_module(module, ARGS)
    assert result['changed'] is True
    assert len(writes(rsps.calls)) == 2
    assert_no_password(result)


def test_api_error_does_not_leak_password(rsps):
    add_list(rsps, [])
    CREDENTIALS.fails(rsps, 'POST', error(400, 1002, 'Invalid parameter', 'Allowed characters for Password is alphanumeric and _', method='POST'),
                      trunk=TRUNK)
    result = run_module(module, ARGS)
    assert result['failed'] is True
    assert 'Allowed characters for Password' in result['msg']
    assert_no_password(result)


@pytest.mark.parametrize('args, fragment', [
    (dict(user_name=''), "user_name '' is not valid: use 1 to 32 characters"),
    (dict(user_name='a' * 33), 'is not valid: use 1 to 32 characters'),
    (dict(user_name='bad-name'), "user_name 'bad-name' is not valid"),
    (dict(friendly_name='elevenlabs-prod'), "friendly_name 'elevenlabs-prod' is not valid: Exotel accepts at most 32 characters"),
    (dict(friendly_name='f' * 33), 'friendly_name'),
    (dict(trunk_sid='tr unk'), "trunk_sid 'tr unk' is not a valid Exotel identifier"),
])
def test_validation_errors_send_nothing(rsps, args, fragment):
    result = run_module(module, dict(ARGS, **args))
    assert result['failed'] is True
    assert fragment in result['msg']
    assert len(rsps.calls) == 0
    assert_no_password(result)


@pytest.mark.parametrize('password', ['Sh0rt_1', 'has-hyphen-123', 'has space 1234', 'Ünicode_pass1'])
def test_bad_password_never_echoed(rsps, password):
    result = run_module(module, dict(ARGS, password=password))
    assert result['failed'] is True
    assert result['msg'].startswith('password is not valid (value not shown): Exotel accepts 8 or more characters')
    assert password not in result.stdout
    assert '********' not in result.stdout
    assert len(rsps.calls) == 0


def test_password_not_validated_for_absent(rsps):
    add_list(rsps, [])
    result = run_module(module, dict(ARGS, password='x', state='absent'))
    assert result['changed'] is False
