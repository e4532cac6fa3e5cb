# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exotel_trunk_setting: each test replays the exact HTTP conversation (method, path, query, JSON body)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_setting
from ansible_collections.exotel.trunking.tests.unit.plugins import exotel_conversations as exo
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import SETTINGS
from ansible_collections.exotel.trunking.tests.unit.utils import (
    CONN,
    assert_calls_safe,
    batch,
    duplicate,
    forbidden,
    item_error,
    not_found,
    run_module,
    writes,
)

SID = exo.TRUNK_SID
NAME = 'trunk_external_alias'
NUMBER = '+919876543210'
NEW_NUMBER = '+918040264208'
SETTINGS_PATH = SETTINGS.path(SID)
LIST0 = ('GET', SETTINGS_PATH + '?offset=0&page_size=50', None)


def api_setting(value=NUMBER, name=NAME, updated='2026-01-23T13:34:50Z'):
    return exo.api_setting(name=name, value=value, trunk=SID, updated=updated)


def add_list(rsps, items):
    SETTINGS.listed(rsps, items)


def post_body(value=NUMBER, name=NAME):
    return {'settings': [{'name': name, 'value': value}]}


def conversation(rsps):
    return exo.conversation(rsps.calls)


def args(**kwargs):
    return dict(dict(CONN, trunk_sid=SID, name=NAME, value=NUMBER), **kwargs)


def run(module_args, check_mode=False, diff=False):
    return run_module(exotel_trunk_setting, module_args, check_mode=check_mode, diff=diff)


# -- present ---------------------------------------------------------------------------------------

def test_create(rsps):
    add_list(rsps, [api_setting(name='other_setting', value='x')])
    SETTINGS.created(rsps, api_setting(), body=post_body())
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['setting'] == api_setting()
    assert result['diff'] == {'before': {}, 'after': api_setting()}
    assert conversation(rsps) == [LIST0, ('POST', SETTINGS_PATH, post_body())]
    assert_calls_safe(rsps.calls, result)


def test_idempotent_rerun_makes_no_write(rsps):
    add_list(rsps, [api_setting()])
    result = run(args(), diff=True)
    assert result['changed'] is False
    assert result['setting'] == api_setting()
    assert result['diff'] == {'before': api_setting(), 'after': api_setting()}
    assert conversation(rsps) == [LIST0]


def test_update(rsps):
    after = api_setting(NEW_NUMBER, updated='2026-01-24T08:00:00Z')
    add_list(rsps, [api_setting()])
    SETTINGS.created(rsps, after, body=post_body(NEW_NUMBER))
    result = run(args(value=NEW_NUMBER), diff=True)
    assert result['changed'] is True
    assert result['setting'] == after
    assert result['diff'] == {'before': api_setting(), 'after': after}
    assert conversation(rsps) == [LIST0, ('POST', SETTINGS_PATH, post_body(NEW_NUMBER))]


def test_other_setting_name_value_not_forced_to_e164(rsps):
    add_list(rsps, [])
    SETTINGS.created(rsps, api_setting(name='codec', value='opus'), body=post_body('opus', 'codec'))
    result = run(args(name='codec', value='opus'))
    assert result['changed'] is True
    assert result['setting']['value'] == 'opus'


def test_batch_item_failure_is_reported(rsps):
    add_list(rsps, [])
    SETTINGS.fails(rsps, 'POST', batch([item_error(description='Invalid setting name codec')]))
    result = run(args(name='codec', value='opus'))
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot set codec on trunk %s: POST %s failed: HTTP 207' % (SID, SETTINGS_PATH))
    assert 'item 1 of 1 failed' in result['msg']
    assert 'Invalid setting name codec' in result['msg']


@pytest.mark.parametrize('status, body', [(404, not_found()), (403, forbidden())])
def test_present_unknown_trunk_fails(rsps, status, body):
    SETTINGS.fails(rsps, 'GET', body, status=status)
    result = run(args())
    assert result['failed'] is True
    assert result['msg'] == "trunk_sid '%s': no such trunk in this account (or it is not visible to these credentials)" % SID
    assert writes(rsps.calls) == []


def test_lost_answer_rereads(rsps):
    add_list(rsps, [])
    SETTINGS.lost(rsps, 'POST', exc=requests.exceptions.ReadTimeout('read timed out'))
    add_list(rsps, [api_setting()])
    result = run(args(), diff=True)
    assert result['changed'] is True
    assert result['setting'] == api_setting()
    assert result['diff'] == {'before': {}, 'after': api_setting()}
    assert [c[0] for c in conversation(rsps)] == ['GET', 'POST', 'GET']


def test_duplicate_answer_with_value_in_place_is_accepted(rsps):
    add_list(rsps, [])
    SETTINGS.fails(rsps, 'POST', duplicate('Unable to create setting %s' % NAME))
    add_list(rsps, [api_setting()])
    result = run(args())
    assert result.get('failed') is not True
    assert result['changed'] is True
    assert result['setting'] == api_setting()


def test_duplicate_answer_with_other_value_fails_cleanly(rsps):
    add_list(rsps, [api_setting(NEW_NUMBER)])
    SETTINGS.fails(rsps, 'POST', duplicate('Unable to create setting %s' % NAME))
    add_list(rsps, [api_setting(NEW_NUMBER)])
    result = run(args())
    assert result['failed'] is True
    assert 'Duplicate resource' in result['msg']
    assert 'Traceback' not in result.stdout


# -- check mode ------------------------------------------------------------------------------------

def test_check_mode_create(rsps):
    add_list(rsps, [])
    result = run(args(), check_mode=True, diff=True)
    predicted = {'name': NAME, 'value': NUMBER, 'trunk_sid': SID, 'date_created': None, 'date_updated': None}
    assert result['changed'] is True
    assert result['setting'] == predicted
    assert result['diff'] == {'before': {}, 'after': predicted}
    assert conversation(rsps) == [LIST0]


def test_check_mode_update(rsps):
    add_list(rsps, [api_setting()])
    result = run(args(value=NEW_NUMBER), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['setting'] == dict(api_setting(), value=NEW_NUMBER)
    assert result['diff'] == {'before': api_setting(), 'after': dict(api_setting(), value=NEW_NUMBER)}
    assert conversation(rsps) == [LIST0]


def test_check_mode_unchanged(rsps):
    add_list(rsps, [api_setting()])
    result = run(args(), check_mode=True)
    assert result['changed'] is False
    assert conversation(rsps) == [LIST0]


def test_check_mode_absent(rsps):
    add_list(rsps, [api_setting()])
    result = run(args(state='absent', value=None), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['setting'] == api_setting()
    assert result['diff'] == {'before': api_setting(), 'after': {}}
    assert conversation(rsps) == [LIST0]


# -- absent ----------------------------------------------------------------------------------------

def test_absent_deletes(rsps):
    add_list(rsps, [api_setting()])
    SETTINGS.deleted(rsps, api_setting())
    result = run(args(state='absent', value=None), diff=True)
    assert result['changed'] is True
    assert result['setting'] == api_setting()
    assert result['diff'] == {'before': api_setting(), 'after': {}}
    assert conversation(rsps) == [LIST0, ('DELETE', SETTINGS_PATH + '?name=' + NAME, None)]
    assert_calls_safe(rsps.calls, result)


def test_absent_twice_is_unchanged(rsps):
    add_list(rsps, [api_setting(name='other_setting', value='x')])
    result = run(args(state='absent', value=None), diff=True)
    assert result['changed'] is False
    assert result['setting'] is None
    assert result['diff'] == {'before': {}, 'after': {}}
    assert conversation(rsps) == [LIST0]


def test_absent_unknown_trunk_is_unchanged(rsps):
    SETTINGS.fails(rsps, 'GET', not_found())
    result = run(args(state='absent', value=None))
    assert result['changed'] is False
    assert result['setting'] is None


def test_absent_gone_between_read_and_delete(rsps):
    add_list(rsps, [api_setting()])
    SETTINGS.fails(rsps, 'DELETE', not_found(method='DELETE'))
    result = run(args(state='absent', value=None))
    assert result['changed'] is False
    assert result['setting'] is None


def test_absent_ignores_value(rsps):
    add_list(rsps, [])
    result = run(args(state='absent', value='not a number'))
    assert result['changed'] is False
    assert len(rsps.calls) == 1


# -- validation ------------------------------------------------------------------------------------

@pytest.mark.parametrize('bad, fragment', [
    (dict(value='98765 43210'), "value '98765 43210' is not an E.164 number"),
    (dict(value='+91 98765 43210'), "(did you mean '+919876543210'?)"),
    (dict(value=''), "value '' is not valid: setting trunk_external_alias needs a non-empty string"),
    (dict(name='Trunk-Alias'), "name 'Trunk-Alias' is not a valid setting name"),
    (dict(trunk_sid='a/b'), "trunk_sid 'a/b' is not a valid Exotel identifier"),
    (dict(value=None), 'value is required when state=present (setting trunk_external_alias)'),
])
def test_validation_errors_send_no_request(rsps, bad, fragment):
    result = run(args(**bad))
    assert result['failed'] is True
    assert fragment in result['msg']
    assert len(rsps.calls) == 0


def test_value_omitted_for_present_fails_without_request(rsps):
    module_args = args()
    del module_args['value']
    result = run(module_args)
    assert result['failed'] is True
    assert 'state is present but all of the following are missing: value' in result['msg']
    assert len(rsps.calls) == 0
