# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The execution seam: the one failure funnel (execute), the argument spec and the run context."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _runner
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelDuplicateError,
    ExotelError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    ExotelRateLimitError,
    ExotelResponseError,
    ExotelTransportError,
    InputError,
    TaskFailure,
    TrunkNotFound,
)
from ansible_collections.exotel.trunking.plugins.module_utils._runner import (
    CONNECTION_OPTIONS,
    ISSUES_URL,
    ModuleSpec,
    RunContext,
    error_result,
    execute,
    failed,
    raw_api_url,
)
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import TRUNK_SID, TRUNKS, api_trunk
from ansible_collections.exotel.trunking.tests.unit.utils import API_URL, CONN, TOKEN, FakeClock

PARAMS = dict(CONN, region='singapore', validate_certs=True, timeout=30.0, max_retries=5, requests_per_minute=200, thing='x')
"""Validated connection parameters (what the argument-spec machinery hands to execute), plus one own option."""

REGION_HINT = ('. Check api_key and api_token, and that region (or api_url) points at the cluster where the account was created: '
               'Exotel credentials are per region (singapore = api.exotel.com, mumbai = api.in.exotel.com)')
OUTCOME_ADVICE = '. The state could not be confirmed by re-reading; run the task again to reconcile'


def params(**kwargs):
    return dict(PARAMS, **kwargs)


def raising(exc):
    def run(ctx):
        raise exc
    return run


def spec(run, validate=None, describe_failure=lambda p: 'Cannot frob %(thing)s' % p):
    return ModuleSpec('exotel_frob', dict(thing=dict(type='str')), run, validate=validate, describe_failure=describe_failure)


# -- execute: success and what the spec gets -------------------------------------------------------

def test_execute_returns_the_specs_result_and_passes_the_modes():
    seen = {}
    warned = []

    def run(ctx):
        seen.update(check=ctx.check_mode, diff=ctx.diff_mode, params=ctx.params, base=ctx.base_url, sid=ctx.account_sid,
                    retries=ctx.max_retries)
        ctx.warn('careful')
        return {'changed': False, 'thing': 'x'}

    result = execute(spec(run), params(), check_mode=True, diff_mode=True, warn=warned.append)
    assert result == {'changed': False, 'thing': 'x'}
    assert seen == dict(check=True, diff=True, params=params(), base=API_URL, sid='exotel_test', retries=5)
    assert warned == ['careful']


def test_execute_without_warn_or_clock_still_runs():
    def run(ctx):
        ctx.warn('dropped')
        return {'clock': ctx.clock is _runner._clock.SYSTEM_CLOCK}
    assert execute(spec(run), params()) == {'clock': True}


# -- execute: input checks come first -----------------------------------------------------------------

@pytest.mark.parametrize('bad, fragment', [
    (dict(account_sid='../other'), "account_sid '../other' is not a valid Exotel identifier"),
    (dict(timeout=0.0), 'timeout 0.0 is not valid: it must be a number of seconds greater than 0'),
    (dict(timeout=float('nan')), 'timeout nan is not valid'),
    (dict(max_retries=-1), 'max_retries -1 is not valid: it must be 0 or greater'),
    (dict(requests_per_minute=-5), 'requests_per_minute -5 is not valid: it must be 0 (no pacing) or greater'),
    (dict(api_url='ftp://api.test'), "api_url 'ftp://api.test' is not valid: expected http:// or https://"),
    (dict(api_url='https://api.test/?x=1'), 'must not have a query string or fragment'),
])
def test_bad_connection_input_fails_before_any_request(rsps, bad, fragment):
    ran = []
    result = execute(spec(ran.append), params(**bad))
    assert result['failed'] is True and fragment in result['msg']
    assert ran == [] and len(rsps.calls) == 0


def test_api_url_with_credentials_fails_without_echoing_them(rsps):
    result = execute(spec(raising(AssertionError('must not run'))), params(api_url='https://key:%s@api.test' % TOKEN))
    assert result == {'failed': True, 'msg': 'api_url must not contain credentials (user:password@host); pass api_key and api_token instead'}
    assert len(rsps.calls) == 0


def test_the_specs_own_validation_runs_before_the_spec(rsps):
    def validate(p):
        raise InputError('thing %r is not valid: use y' % p['thing'])
    ran = []
    result = execute(spec(ran.append, validate=validate), params())
    assert result == {'failed': True, 'msg': "thing 'x' is not valid: use y"}
    assert ran == [] and len(rsps.calls) == 0


def test_missing_requests_is_reported_after_the_input_checks(monkeypatch, rsps):
    monkeypatch.setattr(_runner, 'HAS_REQUESTS', False)
    monkeypatch.setattr(_runner, 'REQUESTS_IMPORT_ERROR', 'Traceback: No module named requests')
    ran = []
    result = execute(spec(ran.append), params())
    assert result['failed'] is True
    assert result['msg'].startswith('Failed to import the required Python library (requests)')
    assert result['exception'] == 'Traceback: No module named requests'
    assert ran == [] and len(rsps.calls) == 0
    assert execute(spec(ran.append), params(account_sid='a b'))['msg'].startswith("account_sid 'a b' is not a valid")


# -- execute: every exception becomes the right failed result --------------------------------------------

def test_input_error_raised_by_the_spec():
    assert execute(spec(raising(InputError('config[0]: bad'))), params()) == {'failed': True, 'msg': 'config[0]: bad'}


def test_task_failure_keeps_its_extra_keys():
    result = execute(spec(raising(TaskFailure('held elsewhere', mapping=None, other_mapping={'id': '7'}))), params())
    assert result == {'failed': True, 'msg': 'held elsewhere', 'mapping': None, 'other_mapping': {'id': '7'}}


def test_task_failure_cannot_override_failed_or_msg():
    result = execute(spec(raising(TaskFailure('the message', failed=False))), params())
    assert result['failed'] is True and result['msg'] == 'the message'


def test_trunk_not_found_with_its_cause():
    cause = ExotelNotFoundError('POST /x failed: HTTP 404', method='POST', path='/x', http_status=404, error_code=1000)
    result = execute(spec(raising(TrunkNotFound(TRUNK_SID, cause=cause))), params())
    assert result == {'failed': True, 'msg': str(TrunkNotFound(TRUNK_SID)), 'error': cause.details()}


def test_trunk_not_found_without_a_cause_has_no_error_key():
    result = execute(spec(raising(TrunkNotFound(TRUNK_SID))), params())
    assert result == {'failed': True, 'msg': "trunk_sid '%s': no such trunk in this account (or it is not visible to these credentials)" % TRUNK_SID}


@pytest.mark.parametrize('cls, suffix', [
    (ExotelError, ''),
    (ExotelTransportError, ''),
    (ExotelResponseError, ''),
    (ExotelAPIError, ''),
    (ExotelForbiddenError, ''),
    (ExotelNotFoundError, ''),
    (ExotelDuplicateError, ''),
    (ExotelRateLimitError, ''),
    (ExotelAuthError, REGION_HINT),
    (ExotelOutcomeUnknownError, OUTCOME_ADVICE),
])
def test_each_exotel_error_kind_becomes_msg_and_error(cls, suffix):
    exc = cls('GET /v2/x failed: HTTP 418', method='GET', path='/v2/x', http_status=418, request_id='r1')
    result = execute(spec(raising(exc)), params())
    assert result == {'failed': True, 'msg': 'Cannot frob x: GET /v2/x failed: HTTP 418' + suffix, 'error': exc.details()}
    assert result['error']['kind'] == cls.kind


def test_exotel_error_without_describe_failure_has_no_prefix():
    result = execute(spec(raising(ExotelAPIError('boom')), describe_failure=None), params())
    assert result['msg'] == 'boom'


def test_an_unexpected_exception_is_a_clean_failure_naming_the_module():
    result = execute(spec(raising(KeyError('trunk_sid'))), params())
    assert result['failed'] is True
    assert result['msg'] == ("exotel.trunking exotel_frob failed unexpectedly (KeyError: 'trunk_sid'); please report this at %s" % ISSUES_URL)
    assert 'Traceback' not in result['msg']
    assert result['exception'].startswith('Traceback (most recent call last)') and 'KeyError' in result['exception']


def test_error_result_and_failed():
    assert error_result(ExotelAPIError('x')) == {'msg': 'x', 'error': ExotelAPIError('x').details()}
    assert error_result(ExotelAuthError('x'), 'Cannot y')['msg'] == 'Cannot y: x' + REGION_HINT
    assert failed('m', error={'a': 1}) == {'failed': True, 'msg': 'm', 'error': {'a': 1}}


# -- the argument spec ---------------------------------------------------------------------------------

def test_argument_spec_is_the_connection_options_plus_the_own_ones_fresh_each_call():
    the_spec = spec(None)
    first = the_spec.argument_spec()
    assert set(first) == set(CONNECTION_OPTIONS) | {'thing'}
    first['api_key']['no_log'] = False
    first['thing']['type'] = 'int'
    again = the_spec.argument_spec()
    assert again['api_key']['no_log'] is True and again['thing'] == {'type': 'str'}
    assert CONNECTION_OPTIONS['api_key']['no_log'] is True


@pytest.mark.parametrize('raw, no_log', [
    ('https://user:pw@api.test', True), ('https://api.test', False), (None, False), (42, False)])
def test_argument_spec_marks_api_url_no_log_when_it_holds_credentials(raw, no_log):
    assert spec(None).argument_spec(raw).get('api_url', {}).get('no_log', False) is no_log
    assert 'no_log' not in CONNECTION_OPTIONS['api_url']


def test_module_spec_keeps_argspec_kwargs():
    the_spec = ModuleSpec('m', {}, None, required_if=[('state', 'present', ['value'])])
    assert the_spec.argspec_kwargs == {'required_if': [('state', 'present', ['value'])]}
    assert (the_spec.validate, the_spec.describe_failure) == (None, None)


@pytest.mark.parametrize('raw, environ, expected', [
    ({'api_url': 'https://a'}, {'EXOTEL_API_URL': 'https://b'}, 'https://a'),
    ({}, {'EXOTEL_API_URL': 'https://b'}, 'https://b'),
    (None, {'EXOTEL_API_URL': 'https://b'}, 'https://b'),
    ({}, {}, None),
])
def test_raw_api_url_prefers_the_option_then_the_environment(raw, environ, expected):
    assert raw_api_url(raw, environ) == expected


# -- the run context -----------------------------------------------------------------------------------

@pytest.mark.parametrize('region, url', [('singapore', 'https://api.exotel.com'), ('mumbai', 'https://api.in.exotel.com')])
def test_base_url_per_region(region, url):
    ctx = RunContext(params(api_url=None, region=region))
    ctx.check_connection()
    assert ctx.base_url == url


def test_api_url_overrides_the_region_without_its_trailing_slash():
    ctx = RunContext(params(api_url='http://127.0.0.1:8080/prefix/', region='mumbai'))
    ctx.check_connection()
    assert ctx.base_url == 'http://127.0.0.1:8080/prefix'


def test_zero_retries_and_no_pacing_are_allowed():
    ctx = RunContext(params(max_retries=0, requests_per_minute=0))
    ctx.check_connection()
    assert ctx.max_retries == 0


def test_client_is_built_once_from_the_params(rsps):
    clock = FakeClock()
    warned = []
    ctx = RunContext(params(timeout=7.5, max_retries=1, requests_per_minute=3, validate_certs=False), warn=warned.append, clock=clock)
    ctx.check_connection()
    client = ctx.client
    assert ctx.client is client
    assert (client.base_url, client.account_sid, client.timeout, client.max_retries, client.validate_certs) == (
        API_URL, 'exotel_test', 7.5, 1, False)
    assert client.clock is clock
    assert (client.budget.per_minute, client.budget.clock, client.budget.key) == (3, clock, ('https', 'api.test', 443, 'exotel_test'))
    assert client.session.auth == ('emulator_key', TOKEN)
    TRUNKS.listed(rsps, [api_trunk()])
    client.get_list(TRUNKS.path())
    agent = rsps.calls[0].request.headers['User-Agent']
    assert agent.startswith('exotel.trunking/') and ' ansible-core/' in agent and 'unknown' not in agent


def test_result_adds_a_diff_only_in_diff_mode():
    assert RunContext(params()).result({'changed': True}, {'a': 1}, None) == {'changed': True}
    assert RunContext(params(), diff_mode=True).result({'changed': True}, None, {'a': 1}) == {
        'changed': True, 'diff': {'before': {}, 'after': {'a': 1}}}
