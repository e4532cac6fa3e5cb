# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module adapter: a ModuleSpec run inside AnsibleModule, exit_json or fail_json, modes passed through."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import types

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _module
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError, TaskFailure
from ansible_collections.exotel.trunking.plugins.module_utils._runner import ModuleSpec
from ansible_collections.exotel.trunking.tests.unit.utils import CONN, TOKEN, run_module, warnings_of

SECRET = 'url_s3cret_pw'


def module_of(run, **argspec_kwargs):
    """A module object whose ``main()`` runs ``run`` as the spec of a module named exotel_frob."""
    spec = ModuleSpec('exotel_frob', dict(thing=dict(type='str'), value=dict(type='str')), run,
                      describe_failure=lambda params: 'Cannot frob %s' % params['thing'], **argspec_kwargs)
    return types.SimpleNamespace(main=lambda: _module.run_module(spec))


def args(**kwargs):
    return dict(CONN, thing='x', **kwargs)


@pytest.mark.parametrize('check_mode, diff', [(False, False), (True, False), (False, True), (True, True)])
def test_exit_json_with_the_result_and_the_modes_passed_through(check_mode, diff):
    seen = {}

    def run(ctx):
        seen.update(check=ctx.check_mode, diff=ctx.diff_mode)
        return ctx.result({'changed': True, 'thing': ctx.params['thing']}, {}, {'thing': 'x'})

    result = run_module(module_of(run), args(), check_mode=check_mode, diff=diff)
    assert seen == {'check': check_mode, 'diff': diff}
    assert result.failed_exit is False and 'failed' not in result
    assert result['changed'] is True and result['thing'] == 'x'
    assert ('diff' in result) is diff
    assert TOKEN not in result.stdout
    # ansible-core 2.18-2.20 echo the arguments (masked); later versions leave invocation out of the module result.
    assert result.get('invocation', {}).get('module_args', {}).get('api_token', 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER') == (
        'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')


def test_fail_json_with_the_failed_result():
    def run(ctx):
        raise ExotelAPIError('POST /x failed: HTTP 400')
    result = run_module(module_of(run), args())
    assert result.failed_exit is True
    assert result['failed'] is True
    assert result['msg'] == 'Cannot frob x: POST /x failed: HTTP 400'
    assert result['error']['kind'] == 'api'


def test_fail_json_keeps_a_task_failures_extra_keys():
    def run(ctx):
        raise TaskFailure('no', other_mapping={'id': '1'})
    result = run_module(module_of(run), args())
    assert result.failed_exit is True and result['other_mapping'] == {'id': '1'} and result['msg'] == 'no'


def test_warnings_reach_the_result():
    def run(ctx):
        ctx.warn('exotel.trunking: retry 1 of 5')
        return {'changed': False}
    assert warnings_of(run_module(module_of(run), args())) == ['exotel.trunking: retry 1 of 5']


def test_argspec_kwargs_reach_ansible_module():
    module = module_of(lambda ctx: {'changed': False}, required_if=[('thing', 'x', ['value'])])
    result = run_module(module, args())
    assert result.failed_exit is True
    assert 'thing is x but all of the following are missing: value' in result['msg']


def test_api_url_with_credentials_never_shows_up():
    result = run_module(module_of(lambda ctx: {'changed': False}), args(api_url='https://user:%s@api.test' % SECRET))
    assert result['failed'] is True
    assert result['msg'] == 'api_url must not contain credentials (user:password@host); pass api_key and api_token instead'
    assert SECRET not in result.stdout and TOKEN not in result.stdout


def test_unreadable_raw_arguments_leave_the_checks_to_ansible_module(monkeypatch):
    def broken():
        raise ValueError('no arguments')
    monkeypatch.setattr(_module, '_load_params', broken)
    assert _module._raw_params() is None
    assert run_module(module_of(lambda ctx: {'changed': False, 'ok': 1}), args())['ok'] == 1


def test_raw_arguments_are_read_before_parsing():
    seen = []
    run_module(types.SimpleNamespace(main=lambda: seen.append(_module._raw_params()) or _module.run_module(
        ModuleSpec('m', dict(thing=dict(type='str')), lambda ctx: {'changed': False}))), args())
    assert seen[0]['thing'] == 'x'
