# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared helpers for the unit tests of exotel.trunking modules.

Import them with::

    from ansible_collections.exotel.trunking.tests.unit.utils import (
        BASE, CONN, TOKEN, run_module, single, listing, batch, error, duplicate, assert_calls_safe)

* :func:`run_module` runs a module's ``main()`` in-process on ansible-core 2.18, 2.19 and later and
  returns the parsed JSON result (a dict with ``.stdout`` and ``.failed_exit`` attributes).
* :data:`CONN` is the default connection options (the emulator's default account); :data:`BASE` the
  account path prefix, so a URL is ``BASE + '/trunks/...'``.
* :func:`single`, :func:`listing`, :func:`batch`, :func:`error`, :func:`duplicate` build Exotel's
  response envelopes exactly as in exotel-api.md §2 and §6.
* :func:`warnings_of` returns a result's warning texts on every ansible-core version.
* :func:`writes` / :func:`body_of` pick the write calls of ``rsps.calls`` and decode a call's JSON body.
* :func:`assert_calls_safe` checks the Basic auth header on every recorded call, and that neither the
  token nor the header value appears in any URL or in the module's stdout.

The ``sleeps`` fixture (tests/unit/plugins/conftest.py) makes every retry/backoff sleep instant and records it.
Typical Exotel objects and whole conversation pieces per resource kind (list pages, create, update and delete
answers, lost answers) are in tests/unit/plugins/exotel_conversations.py, built on these envelopes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import contextlib
import io
import json

from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as _warnings

try:
    from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
except ImportError:  # ansible-core 2.18
    patch_module_args = None

ACCOUNT_SID = 'exotel_test'
API_KEY = 'emulator_key'
TOKEN = 'emulator_token_s3cr3t'
API_URL = 'https://api.test'
BASE = API_URL + '/v2/accounts/' + ACCOUNT_SID

CONN = dict(account_sid=ACCOUNT_SID, api_key=API_KEY, api_token=TOKEN, api_url=API_URL)
"""Default connection options; merge with ``dict(CONN, trunk_sid=...)``."""

BASIC_VALUE = 'Basic ' + base64.b64encode(('%s:%s' % (API_KEY, TOKEN)).encode()).decode()
"""The exact ``Authorization`` header value the client sends with :data:`CONN`."""

REQUEST_ID = '0123456789abcdef0123456789abcdef'


class ModuleResult(dict):
    """The module's JSON result. ``stdout`` is the raw output, ``failed_exit`` is True when it exited non-zero."""

    stdout = ''
    failed_exit = False


@contextlib.contextmanager
def _module_args(args):
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
    else:
        with mock.patch.object(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()):
            yield


def run_module(module, args, check_mode=False, diff=False):
    """Run ``module.main()`` with ``args`` (module options) and return the parsed result.

    ``_ansible_check_mode`` / ``_ansible_diff`` are injected from ``check_mode`` / ``diff``.
    Fails the test if the module did not exit through exit_json/fail_json with JSON on stdout.
    """
    args = dict(args)
    args['_ansible_check_mode'] = check_mode
    args['_ansible_diff'] = diff
    # AnsibleModule keeps warnings in a process-wide store: start each run clean.
    _warnings._global_warnings.clear()
    _warnings._global_deprecations.clear()
    out = io.StringIO()
    exit_code = None
    with _module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit as exc:
            exit_code = exc.code
    stdout = out.getvalue()
    if exit_code is None:
        raise AssertionError('module returned without calling exit_json/fail_json; stdout: %r' % stdout)
    try:
        result = ModuleResult(json.loads(stdout))
    except ValueError:
        raise AssertionError('module stdout is not JSON: %r' % stdout)
    result.stdout = stdout
    result.failed_exit = exit_code not in (0, None)
    return result


def warnings_of(result):
    """The warning texts of a result: plain strings on 2.18, ``{"event": {"msg": ...}}`` summaries on 2.19+."""
    texts = []
    for warning in result.get('warnings', []):
        if isinstance(warning, dict):
            warning = warning.get('event', {}).get('msg', '') or warning.get('msg', '')
        texts.append(warning)
    return texts


# -- envelopes (exotel-api.md §2, §6) ------------------------------------------------------------

def item(data, code=200):
    """One per-item envelope of a list or batch response."""
    return {'code': code, 'error_data': None, 'status': 'success', 'data': data}


def single(data, method='GET', code=200, request_id=REQUEST_ID):
    """§2.1 single-object success envelope."""
    return {
        'request_id': request_id,
        'method': method,
        'http_code': code,
        'response': {'code': code, 'error_data': None, 'status': 'success', 'data': data},
    }


def listing(items, path=None, offset=0, page_size=50, next_page_uri=None, metadata=True, request_id=REQUEST_ID):
    """§2.2 list envelope; ``items`` are data dicts (wrapped with :func:`item`).

    ``path`` (account-relative or absolute path) fills first_page_uri; ``next_page_uri=True`` builds
    the next page's URI from ``path``/``offset``/``page_size``; ``metadata=False`` omits the key.
    """
    envelope = {'request_id': request_id, 'method': 'GET', 'http_code': 200, 'response': [item(d) for d in items]}
    if metadata:
        path = path or '/v2/accounts/%s/list' % ACCOUNT_SID
        if next_page_uri is True:
            next_page_uri = '%s?offset=%d&page_size=%d' % (path, offset + page_size, page_size)
        envelope['metadata'] = {
            'page_size': page_size,
            'first_page_uri': '%s?offset=0&page_size=%d' % (path, page_size),
            'prev_page_uri': '%s?offset=%d&page_size=%d' % (path, max(offset - page_size, 0), page_size) if offset else None,
            'next_page_uri': next_page_uri,
        }
    return envelope


def batch(results, request_id=REQUEST_ID):
    """§2.3 batch envelope. ``results`` are item envelopes (:func:`item` or :func:`item_error`);
    http_code is 207 when any failed, else 200. Use it as ``json=`` with ``status=envelope['http_code']``."""
    failed = sum(1 for r in results if r.get('status') != 'success')
    return {
        'request_id': request_id,
        'method': 'POST',
        'http_code': 207 if failed else 200,
        'metadata': {'total': len(results), 'success': len(results) - failed, 'failed': failed},
        'response': results,
    }


def item_error(error_code=1002, message='Invalid parameter', description='Invalid parameter', code=400):
    """A failed item of a batch response."""
    return {'code': code, 'error_data': {'code': error_code, 'message': message, 'description': description},
            'status': 'failure', 'data': None}


def error(http_code, error_code, message, description=None, method='GET', response_code=None, request_id=REQUEST_ID):
    """§6.1 failure envelope. ``response_code`` defaults to ``http_code`` (differs only for the duplicate quirk)."""
    return {
        'request_id': request_id,
        'method': method,
        'http_code': http_code,
        'response': {
            'code': http_code if response_code is None else response_code,
            'error_data': {'code': error_code, 'message': message, 'description': message if description is None else description},
            'status': 'failure',
            'data': None,
        },
    }


def not_found(method='GET'):
    """404 / 1000 (use with ``status=404``)."""
    return error(404, 1000, 'Not Found', method=method)


def forbidden(method='GET'):
    """403 / 1003, Exotel's other answer for an unknown trunk (use with ``status=403``)."""
    return error(403, 1003, 'Authorization failed', method=method)


def unauthorized(method='GET'):
    """401 / 1010 (use with ``status=401``)."""
    return error(401, 1010, 'Authorization failed', method=method)


def duplicate(description, method='POST', http_code=200):
    """1008 "Duplicate resource": by default the quirk (HTTP 200, response.code 409); ``http_code=409`` for a real 409."""
    return error(http_code, 1008, 'Duplicate resource', description, method=method, response_code=409)


# -- assertions ------------------------------------------------------------------------------------

def assert_calls_safe(calls, result=None, token=TOKEN, basic_value=BASIC_VALUE):
    """Every call carried ``Authorization: Basic ...``; no URL and no module stdout holds the token or header value.

    ``calls`` is ``responses`` ``rsps.calls``; ``result`` a :func:`run_module` result (or a str).
    """
    for call in calls:
        auth = call.request.headers.get('Authorization', '')
        assert auth.startswith('Basic '), 'no Basic auth on %s %s' % (call.request.method, call.request.url)
        assert token not in call.request.url, 'token in URL %s' % call.request.url
        assert basic_value.split(' ', 1)[1] not in call.request.url, 'auth header value in URL'
    if result is not None:
        text = result if isinstance(result, str) else getattr(result, 'stdout', '') or json.dumps(result)
        assert token not in text, 'token in module output'
        assert basic_value.split(' ', 1)[1] not in text, 'auth header value in module output'


def writes(calls):
    """The POST/PUT/DELETE/PATCH calls among ``rsps.calls``."""
    return [c for c in calls if c.request.method in ('POST', 'PUT', 'DELETE', 'PATCH')]


def body_of(call):
    """The JSON body a recorded call sent (None when it had none)."""
    body = call.request.body
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode('utf-8')
    return json.loads(body)


# -- clock ----------------------------------------------------------------------------------------

class FakeClock:
    """A clock for tests: time stands still except when something sleeps; every sleep is recorded.

    ``monotonic()`` starts at ``start``; ``time()`` is the matching epoch time. A sleep returns at once
    and moves both forward, so code that waits "until" a moment sees that moment arrive.
    """

    def __init__(self, start=1000.0, epoch=1767225600.0):
        self.now = start
        self.offset = epoch - start
        self.sleeps = []

    def monotonic(self):
        return self.now

    def time(self):
        return self.now + self.offset

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        if seconds > 0:
            self.now += seconds
