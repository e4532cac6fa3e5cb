# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The in-process path: when it is taken, and that it gives what the module gives for the same task."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import types
from unittest import mock

import pytest
import responses

from ansible_collections.exotel.trunking.plugins.action.exotel_trunk_phone_number import ActionModule
from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._runner import ModuleSpec
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_CREDENTIAL, EXOTEL_TRUNK_PHONE_NUMBER
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_credential, exotel_trunk_phone_number
from ansible_collections.exotel.trunking.plugins.plugin_utils import _action
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import (
    SWITCH_ENV,
    SWITCH_VAR,
    SwitchError,
    _Environment,
    as_module_result,
    inject_invocation,
    module_path_reason,
)
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import (
    HAS_INJECT_INVOCATION,
    MASK,
    fqcn,
    in_process,
    on_the_controller,
    replay,
    same_on_both_paths,
)
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    CREDENTIALS,
    MAPPING_FIELDS,
    PHONE_NUMBER,
    PHONE_NUMBERS,
    TRUNK_SID,
    api_credential,
    api_mapping,
    normalised,
    predicted,
    trunk_exists,
    trunk_map,
)
from ansible_collections.exotel.trunking.tests.unit.utils import (
    ACCOUNT_SID,
    API_KEY,
    API_URL,
    BASIC_VALUE,
    CONN,
    TOKEN,
    error,
    unauthorized,
)

ACTION = fqcn('exotel_trunk_phone_number')
PASSWORD = 'Zq7_unique_pw_9431'
URL_USER, URL_PASSWORD = 'someuser', 'hunter2secret'
URL_WITH_CREDENTIALS = 'https://%s:%s@api.test' % (URL_USER, URL_PASSWORD)
EXOTEL_ENV = ('EXOTEL_ACCOUNT_SID', 'EXOTEL_API_KEY', 'EXOTEL_API_TOKEN', 'EXOTEL_API_URL', 'EXOTEL_REGION')
needs_inject_invocation = pytest.mark.skipif(not HAS_INJECT_INVOCATION, reason='this ansible-core always adds invocation')


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No test sees the connection or switch variables of the shell that runs the tests."""
    for name in EXOTEL_ENV + (SWITCH_ENV,):
        monkeypatch.delenv(name, raising=False)


def number_args(**kwargs):
    return dict(dict(CONN, trunk_sid=TRUNK_SID, phone_number=PHONE_NUMBER), **kwargs)


def mapping(**kwargs):
    return normalised(api_mapping(**kwargs), MAPPING_FIELDS)


def both(converse, args, module=exotel_trunk_phone_number, spec=EXOTEL_TRUNK_PHONE_NUMBER, **kwargs):
    return same_on_both_paths(module, spec, converse, args, **kwargs)


# -- conversations -------------------------------------------------------------------------------------

def unmapped_then_created(rsps):
    trunk_map(rsps)
    trunk_exists(rsps)
    PHONE_NUMBERS.created(rsps, api_mapping(), body={'phone_number': PHONE_NUMBER})


def unmapped_on_existing_trunk(rsps):
    trunk_map(rsps)
    trunk_exists(rsps)


def mapped_for_flow(rsps):
    trunk_map(rsps, trunk=TRUNK_SID, mode='flow')


def unauthorised(rsps):
    trunk_map(rsps, status=401, json=unauthorized())


def rate_limited_then_mapped(rsps):
    rsps.add(responses.GET, API_URL + '/v2/accounts/%s/trunk-maps' % ACCOUNT_SID, status=429, headers={'Retry-After': '7'},
             json=error(429, 429, 'Too Many Requests', 'Rate limit exceeded'))
    mapped_for_flow(rsps)


TRUNK_MAP_GET = ('GET', '/v2/accounts/%s/trunk-maps?exophone=%%2B919876543210' % ACCOUNT_SID, None)
TRUNK_GET = ('GET', '/v2/accounts/%s/trunks?trunk_sid=%s&offset=0&page_size=50' % (ACCOUNT_SID, TRUNK_SID), None)
NUMBER_POST = ('POST', PHONE_NUMBERS.path(), {'phone_number': PHONE_NUMBER})


# -- module_path_reason: when the module runs as a module ---------------------------------------------

def reason(connection='local', async_val=0, become=False, requests_available=True, switch_var=None, switch_env=None):
    return module_path_reason(connection, async_val, become, requests_available, switch_var, switch_env)


@pytest.mark.parametrize('connection', ['local', 'ansible.builtin.local', 'ansible.legacy.local'])
def test_a_local_connection_runs_in_process(connection):
    assert reason(connection) is None


@pytest.mark.parametrize('connection', ['ssh', 'ansible.builtin.ssh', 'paramiko_ssh', 'community.docker.docker', 'localhost', None])
def test_any_other_connection_runs_as_a_module(connection):
    assert reason(connection) == 'the connection is %s, not local' % connection


@pytest.mark.parametrize('async_val', [1, 30, 3600])
def test_an_async_task_runs_as_a_module(async_val):
    assert reason(async_val=async_val) == 'the task is async'


def test_become_runs_as_a_module():
    assert reason(become=True) == 'the task uses become'


def test_without_requests_on_the_controller_it_runs_as_a_module():
    assert reason(requests_available=False) == "the controller's Python cannot import requests"


def test_the_first_reason_is_the_one_given():
    assert reason('ssh', async_val=5, become=True, requests_available=False) == 'the connection is ssh, not local'
    assert reason(async_val=5, become=True, requests_available=False) == 'the task is async'
    assert reason(become=True, requests_available=False) == 'the task uses become'


TRUE_VALUES = [True, 1, 'true', 'True', 'TRUE', 'yes', 'on', 'y', 't', '1', ' true ']
FALSE_VALUES = [False, 0, 'false', 'False', 'FALSE', 'no', 'No', 'off', 'n', 'f', '0', ' no\n']
STRING_TRUE = [v for v in TRUE_VALUES if isinstance(v, str)]
STRING_FALSE = [v for v in FALSE_VALUES if isinstance(v, str)]
INVALID_VALUES = ['maybe', 'enabled', 'nope', 2, -1, 0.5]


@pytest.mark.parametrize('value', TRUE_VALUES + [None])
def test_the_variable_true_or_unset_leaves_the_choice_to_the_task(value):
    assert reason(switch_var=value) is None
    assert reason('ssh', switch_var=value) == 'the connection is ssh, not local'


@pytest.mark.parametrize('value', FALSE_VALUES)
def test_the_variable_false_forces_the_module_path_first(value):
    assert reason(switch_var=value) == 'exotel_trunking_in_process is false'
    assert reason('ssh', async_val=5, switch_var=value) == 'exotel_trunking_in_process is false'


@pytest.mark.parametrize('value', STRING_TRUE + [None])
def test_the_environment_true_or_unset_leaves_the_choice_to_the_task(value):
    assert reason(switch_env=value) is None
    assert reason(become=True, switch_env=value) == 'the task uses become'


@pytest.mark.parametrize('value', STRING_FALSE)
def test_the_environment_false_forces_the_module_path(value):
    assert reason(switch_env=value) == 'EXOTEL_TRUNKING_IN_PROCESS=false in the environment'
    assert reason('ssh', switch_env=value) == 'EXOTEL_TRUNKING_IN_PROCESS=false in the environment'


def test_the_variable_is_read_before_the_environment():
    assert reason(switch_var='no', switch_env='no') == 'exotel_trunking_in_process is false'
    # A variable set to true does not overrule the environment set to false.
    assert reason(switch_var=True, switch_env='false') == 'EXOTEL_TRUNKING_IN_PROCESS=false in the environment'


@pytest.mark.parametrize('value', INVALID_VALUES)
def test_a_variable_that_is_not_a_boolean_is_an_error_naming_it(value):
    with pytest.raises(SwitchError) as caught:
        reason(switch_var=value)
    assert str(caught.value) == 'the variable exotel_trunking_in_process must be a boolean (true or false), got %r' % (value,)


@pytest.mark.parametrize('value', ['maybe', 'enabled', '2', 'nein'])
def test_an_environment_value_that_is_not_a_boolean_is_an_error_naming_it(value):
    with pytest.raises(SwitchError) as caught:
        reason(switch_env=value)
    assert str(caught.value) == 'the environment variable EXOTEL_TRUNKING_IN_PROCESS must be a boolean (true or false), got %r' % value


def test_an_invalid_switch_is_an_error_even_where_the_module_path_is_taken_anyway():
    with pytest.raises(SwitchError):
        reason('ssh', switch_var='maybe')
    with pytest.raises(SwitchError):
        reason('ssh', switch_var=True, switch_env='maybe')


@pytest.mark.parametrize('value', ['', '  '])
def test_an_empty_switch_counts_as_unset(value):
    assert reason(switch_env=value) is None
    assert reason(switch_var=value) is None


def test_a_false_variable_decides_before_the_environment_is_read():
    assert reason(switch_var='no', switch_env='maybe') == 'exotel_trunking_in_process is false'


@pytest.mark.parametrize('value', [[], {'a': 1}], ids=['list', 'dict'])
def test_an_unhashable_variable_is_a_switch_error(value):
    with pytest.raises(SwitchError):
        reason(switch_var=value)


# -- run_in_process gives what the module gives ---------------------------------------------------------

def test_a_create_is_the_same_on_both_paths(sleeps):
    result, by_module, sent = both(unmapped_then_created, number_args())
    assert result['changed'] is True and result['failed'] is False
    assert result['mapping'] == mapping()
    assert sent == [TRUNK_MAP_GET, TRUNK_GET, NUMBER_POST]
    assert 'diff' not in result
    assert TOKEN not in by_module.stdout


def test_an_idempotent_run_is_the_same_on_both_paths(sleeps):
    result, dummy, sent = both(mapped_for_flow, number_args(mode='flow'))
    assert result['changed'] is False
    assert result['mapping'] == dict(mapping(mode='flow'), date_created=None, date_updated=None)
    assert sent == [TRUNK_MAP_GET]


def test_check_mode_is_the_same_on_both_paths(sleeps):
    result, dummy, sent = both(unmapped_on_existing_trunk, number_args(mode='flow'), check_mode=True)
    assert result['changed'] is True
    assert result['mapping'] == predicted(MAPPING_FIELDS, phone_number=PHONE_NUMBER, trunk_sid=TRUNK_SID, mode='flow')
    assert sent == [TRUNK_MAP_GET, TRUNK_GET]


def test_diff_mode_is_the_same_on_both_paths(sleeps):
    result, dummy, sent = both(unmapped_then_created, number_args(), diff=True)
    assert result['diff'] == {'before': {}, 'after': mapping()}
    assert sent == [TRUNK_MAP_GET, TRUNK_GET, NUMBER_POST]


def test_check_and_diff_mode_together_are_the_same_on_both_paths(sleeps):
    result, dummy, sent = both(mapped_for_flow, number_args(mode='pstn'), check_mode=True, diff=True)
    before = dict(mapping(mode='flow'), date_created=None, date_updated=None)
    assert result['changed'] is True
    assert result['diff'] == {'before': before, 'after': dict(before, mode='pstn')}
    assert sent == [TRUNK_MAP_GET]


def test_an_api_error_fails_the_same_on_both_paths(sleeps):
    result, by_module, sent = both(unauthorised, number_args())
    assert by_module.failed_exit is True
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot map %s to trunk %s: ' % (PHONE_NUMBER, TRUNK_SID))
    assert 'api_key and api_token' in result['msg']
    assert result['error']['kind'] == 'auth'
    assert sent == [TRUNK_MAP_GET]


@pytest.mark.parametrize('extra, msg', [
    (dict(mode='voice'), 'value of mode must be one of: pstn, flow, got: voice'),
    (dict(region='london'), 'value of region must be one of: singapore, mumbai, got: london'),
    (dict(timeout='abc'), "argument 'timeout' is of type"),
    (dict(max_retries='many'), "argument 'max_retries' is of type"),
], ids=['choice', 'connection-choice', 'float', 'int'])
def test_an_invalid_option_fails_with_the_validator_message_on_both_paths(sleeps, extra, msg):
    result, by_module, sent = both(None, number_args(**extra))
    assert by_module.failed_exit is True
    assert result['failed'] is True
    assert msg in result['msg']
    assert sent == []


def test_an_input_check_beyond_types_fails_the_same_on_both_paths(sleeps):
    result, dummy, sent = both(None, number_args(phone_number='12345'))
    assert result['failed'] is True
    assert 'phone_number' in result['msg'] and '12345' in result['msg']
    assert sent == []


def test_an_unsupported_parameter_is_named_as_ansible_module_names_it(sleeps):
    result, dummy, sent = both(None, number_args(bogus=1))
    assert result['msg'] == (
        'Unsupported parameters for (exotel.trunking.exotel_trunk_phone_number) module: bogus. Supported parameters include: '
        'account_sid, api_key, api_token, api_url, max_retries, mode, phone_number, region, requests_per_minute, state, timeout, '
        'trunk_sid, validate_certs.')
    assert result['failed'] is True
    assert sent == []


def test_unsupported_parameters_are_named_under_the_action_given():
    result = _action.run_in_process(EXOTEL_TRUNK_PHONE_NUMBER, 'exotel_trunk_phone_number', number_args(bogus=1, other=2),
                                    False, False)
    assert result['msg'].startswith('Unsupported parameters for (exotel_trunk_phone_number) module: bogus, other. ')


def test_a_missing_required_option_fails_the_same_on_both_paths(sleeps):
    args = number_args()
    del args['phone_number']
    result, dummy, sent = both(None, args)
    assert result['failed'] is True
    assert result['msg'] == 'missing required arguments: phone_number'
    assert sent == []


def test_connection_options_fall_back_to_the_environment_on_both_paths(sleeps, monkeypatch):
    for name, value in (('EXOTEL_ACCOUNT_SID', ACCOUNT_SID), ('EXOTEL_API_KEY', API_KEY), ('EXOTEL_API_TOKEN', TOKEN),
                        ('EXOTEL_API_URL', API_URL)):
        monkeypatch.setenv(name, value)
    result, by_module, sent = both(mapped_for_flow, dict(trunk_sid=TRUNK_SID, phone_number=PHONE_NUMBER))
    assert result['changed'] is False
    assert sent == [TRUNK_MAP_GET]
    assert result['invocation']['module_args']['account_sid'] == ACCOUNT_SID
    assert result['invocation']['module_args']['api_url'] == API_URL
    assert result['invocation']['module_args']['api_token'] == MASK
    assert TOKEN not in json.dumps(result) and TOKEN not in by_module.stdout


def test_the_environment_fallback_sends_the_credentials_it_read(rsps, monkeypatch):
    mapped_for_flow(rsps)
    monkeypatch.setenv('EXOTEL_API_KEY', API_KEY)
    monkeypatch.setenv('EXOTEL_API_TOKEN', TOKEN)
    args = number_args(mode='flow')
    del args['api_key'], args['api_token']
    result = in_process(EXOTEL_TRUNK_PHONE_NUMBER, args)
    assert result['changed'] is False
    assert [c.request.headers['Authorization'] for c in rsps.calls] == [BASIC_VALUE]


def test_no_log_values_never_appear_in_the_result(sleeps):
    def converse(rsps):
        CREDENTIALS.listed(rsps, [], metadata=False)
        CREDENTIALS.created(rsps, api_credential(), body={'user_name': 'voice_ai_user', 'password': PASSWORD,
                                                          'friendly_name': 'voice_ai_platform'})

    args = dict(CONN, trunk_sid=TRUNK_SID, user_name='voice_ai_user', password=PASSWORD, friendly_name='voice_ai_platform')
    result, by_module, sent = both(converse, args, module=exotel_trunk_credential, spec=EXOTEL_TRUNK_CREDENTIAL, diff=True)
    assert result['changed'] is True
    assert sent[-1] == ('POST', CREDENTIALS.path(), {'user_name': 'voice_ai_user', 'password': PASSWORD, 'friendly_name': 'voice_ai_platform'})
    module_args = result['invocation']['module_args']
    assert module_args['password'] == MASK and module_args['api_token'] == MASK and module_args['api_key'] == MASK
    dumped = json.dumps(result)
    for secret in (PASSWORD, TOKEN, BASIC_VALUE.split(' ', 1)[1]):
        assert secret not in dumped
        assert secret not in by_module.stdout


@pytest.mark.parametrize('extra', [{}, dict(mode='voice'), dict(timeout='abc')], ids=['input-check', 'bad-choice', 'bad-type'])
def test_an_api_url_with_credentials_is_masked_on_both_paths(sleeps, extra):
    result, by_module, sent = both(None, number_args(api_url=URL_WITH_CREDENTIALS, **extra))
    assert result['failed'] is True
    assert result['invocation']['module_args']['api_url'] == MASK
    for secret in (URL_USER, URL_PASSWORD):
        assert secret not in json.dumps(result)
        assert secret not in by_module.stdout
    assert sent == []


def test_an_api_url_with_credentials_from_the_environment_is_masked_on_both_paths(sleeps, monkeypatch):
    monkeypatch.setenv('EXOTEL_API_URL', URL_WITH_CREDENTIALS)
    args = number_args(mode='voice')
    del args['api_url']
    result, by_module, dummy = both(None, args)
    assert result['failed'] is True
    assert result['invocation']['module_args']['api_url'] == MASK
    assert URL_PASSWORD not in json.dumps(result) and URL_PASSWORD not in by_module.stdout


def test_warnings_are_the_same_texts_on_both_paths(sleeps):
    result, dummy, sent = both(rate_limited_then_mapped, number_args(mode='flow'))
    assert result['changed'] is False
    assert len(result['warnings']) == 1
    assert all(isinstance(w, str) for w in result['warnings'])
    assert '429' in result['warnings'][0] and 'Retry-After' in result['warnings'][0]
    assert sent == [TRUNK_MAP_GET, TRUNK_MAP_GET]
    assert 7.0 in sleeps


def test_a_run_without_warnings_has_no_warnings_key(rsps):
    mapped_for_flow(rsps)
    assert 'warnings' not in in_process(EXOTEL_TRUNK_PHONE_NUMBER, number_args(mode='flow'))


def frob_module(spec):
    return types.SimpleNamespace(__name__='exotel_frob', main=lambda: run_module(spec))


def test_an_option_set_with_its_alias_warns_as_on_the_module_path(sleeps):
    spec = ModuleSpec('exotel_frob', dict(thing=dict(type='str', aliases=['item'])), lambda ctx: dict(changed=False, thing=ctx.params['thing']))
    result, dummy, dummy_sent = same_on_both_paths(frob_module(spec), spec, None, dict(CONN, thing='a', item='b'))
    assert result['warnings'] == ['Both option thing and its alias item are set.']


@pytest.mark.parametrize('invocation', [True, pytest.param(False, marks=needs_inject_invocation)])
def test_invocation_is_there_exactly_when_asked_for_on_both_paths(sleeps, invocation):
    result, dummy, dummy_sent = both(mapped_for_flow, number_args(mode='flow'), invocation=invocation)
    assert ('invocation' in result) is invocation


@pytest.mark.parametrize('converse, args', [(mapped_for_flow, number_args(mode='flow')), (None, number_args(bogus=1))],
                         ids=['success', 'failure'])
def test_without_invocation_the_result_is_the_same_less_invocation(sleeps, converse, args):
    with_it, dummy = replay(converse, lambda: in_process(EXOTEL_TRUNK_PHONE_NUMBER, args))
    without, dummy = replay(converse, lambda: in_process(EXOTEL_TRUNK_PHONE_NUMBER, args, invocation=False))
    assert 'invocation' not in without
    assert with_it.pop('invocation') == {'module_args': mock.ANY}
    assert without == with_it


def test_the_invocation_is_the_validated_options_with_defaults(rsps):
    mapped_for_flow(rsps)
    result = in_process(EXOTEL_TRUNK_PHONE_NUMBER, number_args(mode='flow'))
    assert result['invocation'] == {'module_args': dict(
        account_sid=ACCOUNT_SID, api_key=MASK, api_token=MASK, api_url=API_URL, region='singapore', validate_certs=True,
        timeout=30.0, max_retries=5, requests_per_minute=200, trunk_sid=TRUNK_SID, phone_number=PHONE_NUMBER, mode='flow',
        state='present')}


def test_the_arguments_given_are_not_changed(rsps):
    mapped_for_flow(rsps)
    args = number_args(mode='flow')
    given = dict(args)
    in_process(EXOTEL_TRUNK_PHONE_NUMBER, args)
    assert args == given


def test_the_result_has_json_types():
    spec = ModuleSpec('exotel_frob', {}, lambda ctx: dict(changed=False, pair=('a', 1), kinds={'b', 'a'}))
    result = in_process(spec, CONN, invocation=False)
    assert result == {'changed': False, 'failed': False, 'pair': ['a', 1], 'kinds': ['a', 'b']}


# -- _Environment ---------------------------------------------------------------------------------------

def test_the_environment_is_applied_as_the_module_path_exports_it_and_restored(monkeypatch):
    monkeypatch.setenv('EXOTEL_TEST_KEPT', 'before')
    monkeypatch.setenv('EXOTEL_TEST_UNTOUCHED', 'same')
    monkeypatch.delenv('EXOTEL_TEST_NEW', raising=False)
    monkeypatch.delenv('EXOTEL_TEST_NONE', raising=False)
    with _Environment({'EXOTEL_TEST_KEPT': 'during', 'EXOTEL_TEST_NEW': 42, 'EXOTEL_TEST_NONE': None}) as applied:
        assert os.environ['EXOTEL_TEST_KEPT'] == 'during'
        assert os.environ['EXOTEL_TEST_NEW'] == '42'
        assert os.environ['EXOTEL_TEST_NONE'] == 'None'  # str() of the value, like the shell prefix of the module path
        assert os.environ['EXOTEL_TEST_UNTOUCHED'] == 'same'
        assert applied.variables == {'EXOTEL_TEST_KEPT': 'during', 'EXOTEL_TEST_NEW': '42', 'EXOTEL_TEST_NONE': 'None'}
    assert os.environ['EXOTEL_TEST_KEPT'] == 'before'
    assert 'EXOTEL_TEST_NEW' not in os.environ
    assert 'EXOTEL_TEST_NONE' not in os.environ
    assert os.environ['EXOTEL_TEST_UNTOUCHED'] == 'same'


def test_the_environment_is_restored_after_an_exception(monkeypatch):
    monkeypatch.setenv('EXOTEL_TEST_KEPT', 'before')
    monkeypatch.delenv('EXOTEL_TEST_NEW', raising=False)
    with pytest.raises(RuntimeError):
        with _Environment({'EXOTEL_TEST_KEPT': 'during', 'EXOTEL_TEST_NEW': 'x'}):
            raise RuntimeError('boom')
    assert os.environ['EXOTEL_TEST_KEPT'] == 'before'
    assert 'EXOTEL_TEST_NEW' not in os.environ


def test_an_empty_environment_changes_nothing():
    before = dict(os.environ)
    with _Environment({}):
        assert dict(os.environ) == before
    assert dict(os.environ) == before


def test_an_empty_value_is_set_and_restored_as_empty(monkeypatch):
    monkeypatch.setenv('EXOTEL_TEST_EMPTY', '')
    with _Environment({'EXOTEL_TEST_EMPTY': 'x'}):
        assert os.environ['EXOTEL_TEST_EMPTY'] == 'x'
    assert os.environ['EXOTEL_TEST_EMPTY'] == ''


# -- as_module_result -------------------------------------------------------------------------------------

class Opaque:
    def __str__(self):
        return 'opaque!'


def test_as_module_result_gives_json_types():
    result = as_module_result({'tuple': (1, (2, 3)), 'set': {3, 1, 2}, 'frozen': frozenset(['y', 'x']), 'mixed': {1, 'a'},
                               'nested': {'inner': ({'k': (None, True)},)}, 'object': Opaque(), 'float': 1.5})
    assert result == {'tuple': [1, [2, 3]], 'set': [1, 2, 3], 'frozen': ['x', 'y'], 'mixed': [1, 'a'],
                      'nested': {'inner': [{'k': [None, True]}]}, 'object': 'opaque!', 'float': 1.5}


def test_as_module_result_returns_a_copy():
    original = {'list': [1], 'dict': {'a': 1}}
    result = as_module_result(original)
    result['list'].append(2)
    result['dict']['b'] = 2
    assert original == {'list': [1], 'dict': {'a': 1}}


# -- inject_invocation -------------------------------------------------------------------------------------

def test_without_the_inject_invocation_setting_invocation_is_always_injected(monkeypatch):
    config = mock.MagicMock()
    config.get_configuration_definition.return_value = None
    monkeypatch.setattr(_action.C, 'config', config)
    assert inject_invocation({'ansible_inject_invocation': False}) is True
    config.get_configuration_definition.assert_called_once_with('INJECT_INVOCATION')
    config.get_config_value.assert_not_called()


@pytest.mark.parametrize('value, expected', [(True, True), (False, False), (None, False), (1, True)])
def test_with_the_inject_invocation_setting_its_value_decides(monkeypatch, value, expected):
    config = mock.MagicMock()
    config.get_configuration_definition.return_value = {'type': 'boolean', 'default': False}
    config.get_config_value.return_value = value
    monkeypatch.setattr(_action.C, 'config', config)
    task_vars = {'inventory_hostname': 'localhost'}
    assert inject_invocation(task_vars) is expected
    config.get_config_value.assert_called_once_with('INJECT_INVOCATION', variables=task_vars)


def test_inject_invocation_follows_this_ansible_core_by_default():
    assert inject_invocation({}) is (not HAS_INJECT_INVOCATION)


@needs_inject_invocation
def test_inject_invocation_reads_the_ansible_inject_invocation_variable():
    assert inject_invocation({'ansible_inject_invocation': True}) is True
    assert inject_invocation({'ansible_inject_invocation': False}) is False


# -- ExotelAction.run ----------------------------------------------------------------------------------------

def template(value, templated):
    if isinstance(value, dict):
        return dict((k, template(v, templated)) for k, v in value.items())
    if isinstance(value, str):
        return templated.get(value, value)
    return value


def make_action(connection='local', args=None, async_val=0, become=False, check_mode=False, diff=False, environment=None,
                templated=None):
    """The phone number action plugin on a mocked task, connection, play context and templar.

    ``templated`` maps template strings to what the templar makes of them (anything else is returned as it is).
    """
    task = mock.MagicMock(name='task')
    task.action = ACTION
    task.args = number_args(mode='flow') if args is None else args
    task.async_val = async_val
    task.check_mode = check_mode
    task.diff = diff
    task.environment = environment
    conn = mock.MagicMock(name='connection')
    conn.ansible_name = connection
    conn._load_name = connection
    conn.transport = connection
    conn._shell.tmpdir = 'ansible-tmp-remote'
    play_context = mock.MagicMock(name='play_context', check_mode=check_mode, diff=diff, become=become)
    templar = mock.MagicMock(name='templar')
    templar.template.side_effect = lambda value, *a, **kw: template(value, templated or {})
    return ActionModule(task, conn, play_context, loader=mock.MagicMock(name='loader'), templar=templar, shared_loader_obj=None)


def run_action(action, task_vars=None):
    """``action.run()`` in the worker's conditions: module_utils code knows it is on the controller."""
    with on_the_controller():
        return action.run(task_vars=task_vars)


@pytest.fixture
def module_path():
    """Replaces ActionBase's module execution on the plugin class: records the calls, answers a module result."""
    with mock.patch.object(ActionModule, '_execute_module', return_value={'changed': True, 'from': 'module'}) as execute_module, \
            mock.patch.object(ActionModule, '_remove_tmp_path') as remove_tmp_path:
        yield types.SimpleNamespace(execute=execute_module, remove_tmp_path=remove_tmp_path)


@pytest.fixture
def display():
    with mock.patch.object(_action, 'display') as recorded:
        yield recorded


def test_the_in_process_branch_runs_the_request_in_this_process(rsps, module_path, display):
    mapped_for_flow(rsps)
    action = make_action()
    result = run_action(action, task_vars={})
    assert result['changed'] is False and result['failed'] is False
    assert result['mapping'] == dict(mapping(mode='flow'), date_created=None, date_updated=None)
    assert ('invocation' in result) is inject_invocation({})
    assert [c.request.headers['Authorization'] for c in rsps.calls] == [BASIC_VALUE]
    module_path.execute.assert_not_called()
    display.vvv.assert_called_once_with('exotel.trunking: %s runs in-process on the controller' % ACTION)


@pytest.mark.parametrize('check_mode, diff', [(False, False), (True, False), (False, True), (True, True)])
def test_the_in_process_branch_passes_the_task_arguments_and_modes(module_path, check_mode, diff):
    action = make_action(check_mode=check_mode, diff=diff)
    with mock.patch.object(_action, 'run_in_process', return_value={'changed': False, 'failed': False}) as run:
        result = run_action(action, task_vars={})
    assert result == {'changed': False, 'failed': False}
    run.assert_called_once_with(EXOTEL_TRUNK_PHONE_NUMBER, ACTION, action._task.args, check_mode=check_mode, diff_mode=diff,
                                invocation=inject_invocation({}))
    assert run.call_args.args[0] is ActionModule.SPEC
    module_path.execute.assert_not_called()


def test_the_in_process_branch_asks_for_invocation_with_the_task_vars(module_path, monkeypatch):
    seen = []
    monkeypatch.setattr(_action, 'inject_invocation', lambda task_vars: seen.append(task_vars) or False)
    task_vars = {'ansible_inject_invocation': False, 'inventory_hostname': 'localhost'}
    with mock.patch.object(_action, 'run_in_process', return_value={'changed': False}) as run:
        run_action(make_action(), task_vars=task_vars)
    assert seen == [task_vars]
    assert run.call_args.kwargs['invocation'] is False


def test_the_task_environment_is_applied_while_in_process_and_restored_after(module_path, monkeypatch):
    monkeypatch.setenv('EXOTEL_REGION', 'singapore')
    environment = [{'EXOTEL_API_TOKEN': '{{ token }}', 'EXOTEL_REGION': 'mumbai'}, {'EXOTEL_API_KEY': API_KEY}]
    action = make_action(environment=environment, templated={'{{ token }}': TOKEN})
    seen = {}

    def run(*args, **kwargs):
        seen.update((name, os.environ.get(name)) for name in ('EXOTEL_API_TOKEN', 'EXOTEL_API_KEY', 'EXOTEL_REGION'))
        return {'changed': False}

    with mock.patch.object(_action, 'run_in_process', side_effect=run):
        run_action(action, task_vars={})
    assert seen == {'EXOTEL_API_TOKEN': TOKEN, 'EXOTEL_API_KEY': API_KEY, 'EXOTEL_REGION': 'mumbai'}
    assert os.environ['EXOTEL_REGION'] == 'singapore'
    assert 'EXOTEL_API_TOKEN' not in os.environ and 'EXOTEL_API_KEY' not in os.environ


def test_a_bug_in_the_adapter_is_a_clean_failure_and_the_environment_is_restored(module_path, monkeypatch):
    monkeypatch.delenv('EXOTEL_REGION', raising=False)
    action = make_action(environment={'EXOTEL_REGION': 'mumbai'})
    with mock.patch.object(_action, 'run_in_process', side_effect=KeyError('boom')):
        result = run_action(action, task_vars={})
    assert result['failed'] is True
    assert result['msg'].startswith('exotel.trunking exotel_trunk_phone_number failed unexpectedly (KeyError: ')
    assert 'please report this at https://github.com/exotel-trunking/exotel.trunking/issues' in result['msg']
    assert 'Traceback' in result['exception']
    assert 'EXOTEL_REGION' not in os.environ
    module_path.execute.assert_not_called()


def test_the_task_environment_feeds_the_fallbacks_of_a_real_request(rsps, module_path):
    mapped_for_flow(rsps)
    args = dict(trunk_sid=TRUNK_SID, phone_number=PHONE_NUMBER, mode='flow')
    environment = {'EXOTEL_ACCOUNT_SID': ACCOUNT_SID, 'EXOTEL_API_KEY': API_KEY, 'EXOTEL_API_TOKEN': TOKEN, 'EXOTEL_API_URL': API_URL}
    result = run_action(make_action(args=args, environment=environment), task_vars={})
    assert result['changed'] is False and result['failed'] is False
    assert [c.request.headers['Authorization'] for c in rsps.calls] == [BASIC_VALUE]
    assert not any(name in os.environ for name in environment)


@pytest.mark.parametrize('connection', ['ssh', 'ansible.builtin.ssh', 'paramiko_ssh'])
def test_the_module_branch_executes_the_module_and_removes_the_tmp_path(rsps, module_path, display, connection):
    task_vars = {'inventory_hostname': 'sip-box'}
    action = make_action(connection=connection)
    result = run_action(action, task_vars=task_vars)
    assert result == {'changed': True, 'from': 'module'}
    module_path.execute.assert_called_once_with(task_vars=task_vars, wrap_async=0)
    module_path.remove_tmp_path.assert_called_once_with('ansible-tmp-remote')
    display.vvv.assert_called_once_with('exotel.trunking: %s runs as a module (the connection is %s, not local)' % (ACTION, connection))
    assert len(rsps.calls) == 0


def test_an_async_task_executes_the_module_wrapped_and_keeps_the_tmp_path(module_path, display):
    action = make_action(async_val=45)
    result = run_action(action, task_vars={})
    assert result == {'changed': True, 'from': 'module'}
    module_path.execute.assert_called_once_with(task_vars={}, wrap_async=45)
    module_path.remove_tmp_path.assert_not_called()
    display.vvv.assert_called_once_with('exotel.trunking: %s runs as a module (the task is async)' % ACTION)


def test_become_executes_the_module(module_path, display):
    run_action(make_action(become=True), task_vars={})
    module_path.execute.assert_called_once_with(task_vars={}, wrap_async=0)
    display.vvv.assert_called_once_with('exotel.trunking: %s runs as a module (the task uses become)' % ACTION)


def test_without_requests_the_module_is_executed(module_path, monkeypatch):
    monkeypatch.setattr(_action, 'HAS_REQUESTS', False)
    run_action(make_action(), task_vars={})
    module_path.execute.assert_called_once_with(task_vars={}, wrap_async=0)


@pytest.mark.parametrize('task_vars, templated', [
    ({SWITCH_VAR: False}, None),
    ({SWITCH_VAR: 'no'}, None),
    ({SWITCH_VAR: '{{ in_process }}'}, {'{{ in_process }}': 'false'}),
    ({SWITCH_VAR: '{{ in_process }}'}, {'{{ in_process }}': False}),
], ids=['bool', 'string', 'template-to-string', 'template-to-bool'])
def test_the_switch_variable_set_to_false_executes_the_module(rsps, module_path, display, task_vars, templated):
    action = make_action(templated=templated)
    result = run_action(action, task_vars=task_vars)
    assert result == {'changed': True, 'from': 'module'}
    module_path.execute.assert_called_once_with(task_vars=task_vars, wrap_async=0)
    display.vvv.assert_called_once_with('exotel.trunking: %s runs as a module (exotel_trunking_in_process is false)' % ACTION)
    assert len(rsps.calls) == 0


def test_a_templated_switch_variable_is_templated_once(module_path):
    action = make_action(templated={'{{ in_process }}': 'true'})
    with mock.patch.object(_action, 'run_in_process', return_value={'changed': False}) as run:
        run_action(action, task_vars={SWITCH_VAR: '{{ in_process }}'})
    action._templar.template.assert_any_call('{{ in_process }}')
    assert run.call_count == 1
    module_path.execute.assert_not_called()


def test_the_switch_environment_variable_set_to_false_executes_the_module(module_path, display, monkeypatch):
    monkeypatch.setenv(SWITCH_ENV, 'False')
    run_action(make_action(), task_vars={})
    module_path.execute.assert_called_once_with(task_vars={}, wrap_async=0)
    display.vvv.assert_called_once_with('exotel.trunking: %s runs as a module (EXOTEL_TRUNKING_IN_PROCESS=false in the environment)'
                                        % ACTION)


def test_a_bad_switch_variable_fails_the_task_without_a_request(rsps, module_path):
    with mock.patch.object(_action, 'run_in_process') as run:
        result = run_action(make_action(), task_vars={SWITCH_VAR: 'sometimes'})
    assert result == {'failed': True,
                      'msg': "the variable exotel_trunking_in_process must be a boolean (true or false), got 'sometimes'"}
    run.assert_not_called()
    module_path.execute.assert_not_called()
    assert len(rsps.calls) == 0


def test_a_bad_switch_environment_variable_fails_the_task_without_a_request(rsps, module_path, monkeypatch):
    monkeypatch.setenv(SWITCH_ENV, 'sometimes')
    result = run_action(make_action(connection='ssh'), task_vars={})
    assert result['failed'] is True
    assert result['msg'] == "the environment variable EXOTEL_TRUNKING_IN_PROCESS must be a boolean (true or false), got 'sometimes'"
    module_path.execute.assert_not_called()
    assert len(rsps.calls) == 0


def test_task_vars_may_be_none(module_path):
    with mock.patch.object(_action, 'run_in_process', return_value={'changed': False}) as run:
        assert run_action(make_action()) == {'changed': False}
    assert run.call_count == 1


def test_a_connection_known_only_by_its_transport_is_recognised(module_path):
    action = make_action()
    action._connection.ansible_name = None
    action._connection._load_name = None
    with mock.patch.object(_action, 'run_in_process', return_value={'changed': False}) as run:
        run_action(action, task_vars={})
    assert run.call_count == 1
    module_path.execute.assert_not_called()


def test_the_local_connection_named_by_its_fqcn_runs_in_process(module_path):
    # What ansible-core's connection loader sets for ansible_connection=ansible.builtin.local.
    action = make_action()
    action._connection._load_name = 'ansible_collections.ansible.builtin.plugins.connection.local'
    action._connection.transport = 'local'
    action._connection.ansible_name = 'ansible.builtin.local'
    with mock.patch.object(_action, 'run_in_process', return_value={'changed': False}):
        run_action(action, task_vars={})
    module_path.execute.assert_not_called()
