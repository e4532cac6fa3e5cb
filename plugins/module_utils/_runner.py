# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The execution seam: what a module is, and the one place where errors become a failed result.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

A module is described by a :class:`ModuleSpec` (its options and the function that does
its work). Two adapters run a spec:

* ``_module.run_module`` inside an ``AnsibleModule`` (the classic module path), and
* the action plugin base in ``plugins/plugin_utils/_action.py``, inside Ansible's
  worker process on the controller (the in-process path).

Both validate the options with Ansible's own argument-spec machinery, then call
:func:`execute` with the validated parameters, check mode, diff mode and a ``warn``
callable. :func:`execute` checks the inputs that need more than types and choices,
runs the spec, and turns every exception into a failed result; it never raises. The
adapters add ``invocation``, ``warnings`` and the no_log masking, exactly as
``AnsibleModule`` does, so both paths give the same result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import traceback

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.exotel.trunking.plugins.module_utils import _clock
from ansible_collections.exotel.trunking.plugins.module_utils._budget import RequestBudget
from ansible_collections.exotel.trunking.plugins.module_utils._client import HAS_REQUESTS, REGION_URLS, REQUESTS_IMPORT_ERROR, ExotelClient
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAuthError,
    ExotelError,
    ExotelForbiddenError,
    ExotelOutcomeUnknownError,
    InputError,
    TaskFailure,
    TrunkNotFound,
)
from ansible_collections.exotel.trunking.plugins.module_utils._validators import check_api_url, check_count, check_positive_seconds, check_sid

ISSUES_URL = 'https://github.com/exotel-trunking/exotel.trunking/issues'

CONNECTION_OPTIONS = dict(
    account_sid=dict(type='str', required=True, fallback=(env_fallback, ['EXOTEL_ACCOUNT_SID'])),
    api_key=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['EXOTEL_API_KEY'])),
    api_token=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['EXOTEL_API_TOKEN'])),
    region=dict(type='str', default='singapore', choices=['singapore', 'mumbai'], fallback=(env_fallback, ['EXOTEL_REGION'])),
    api_url=dict(type='str', fallback=(env_fallback, ['EXOTEL_API_URL'])),
    validate_certs=dict(type='bool', default=True),
    timeout=dict(type='float', default=30.0),
    max_retries=dict(type='int', default=5),
    requests_per_minute=dict(type='int', default=200),
)
"""The connection options of every module (documented by the ``exotel.trunking.connection`` doc fragment)."""


def raw_api_url(raw_params, environ):
    """``api_url`` as given (option or environment), before any validation."""
    value = raw_params.get('api_url') if isinstance(raw_params, dict) else None
    if value is None:
        value = environ.get('EXOTEL_API_URL')
    return value


class ModuleSpec:
    """What a module is: its name, its own options, and ``run(ctx)`` returning its result dict.

    ``validate(params)`` checks what types and choices cannot (raises InputError) before any
    request; ``describe_failure(params)`` prefixes API error messages (``Cannot map ... :``).
    ``argspec_kwargs`` are passed to AnsibleModule / ArgumentSpecValidator as they are.
    """

    def __init__(self, name, options, run, validate=None, describe_failure=None, **argspec_kwargs):
        self.name = name
        self.options = options
        self.run = run
        self.validate = validate
        self.describe_failure = describe_failure
        self.argspec_kwargs = argspec_kwargs

    def argument_spec(self, raw_api_url=None):
        """The full argument spec (connection options + own options), a fresh copy each call.

        When the raw ``api_url`` holds credentials (``user:pass@host``) it is marked no_log, so that
        not even an argument-validation error can echo them.
        """
        spec = copy.deepcopy(CONNECTION_OPTIONS)
        spec.update(copy.deepcopy(self.options))
        if isinstance(raw_api_url, str) and '@' in raw_api_url:
            spec['api_url']['no_log'] = True
        return spec


class RunContext:
    """Everything a spec's ``run`` gets: the validated params, the modes, ``warn``, the clock and the client."""

    def __init__(self, params, check_mode=False, diff_mode=False, warn=None, clock=None):
        self.params = params
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.warn = warn or (lambda msg: None)
        self.clock = clock or _clock.SYSTEM_CLOCK
        self.base_url = None
        self._client = None

    @property
    def account_sid(self):
        return self.params['account_sid']

    @property
    def max_retries(self):
        return self.params['max_retries']

    def check_connection(self):
        """Validate the connection options and settle the base URL (before any request)."""
        params = self.params
        check_sid(params['account_sid'], 'account_sid')
        check_positive_seconds(params['timeout'], 'timeout')
        check_count(params['max_retries'], 'max_retries', '0 or greater')
        check_count(params['requests_per_minute'], 'requests_per_minute', '0 (no pacing) or greater')
        self.base_url = check_api_url(params['api_url']) if params.get('api_url') else REGION_URLS[params['region']]

    @property
    def client(self):
        if self._client is None:
            params = self.params
            self._client = ExotelClient(
                self.base_url, params['account_sid'], params['api_key'], params['api_token'],
                timeout=params['timeout'], validate_certs=params['validate_certs'], max_retries=params['max_retries'],
                budget=RequestBudget(self.base_url, params['account_sid'], params['requests_per_minute'], self.clock),
                warn=self.warn, clock=self.clock,
                user_agent_extra='ansible-core/%s' % _ansible_version())
        return self._client

    def result(self, result, before, after):
        """``result`` with ``diff`` added in diff mode (``{}`` for an absent side)."""
        if self.diff_mode:
            result['diff'] = dict(before=before or {}, after=after or {})
        return result


def error_result(exc, action=None):
    """A client exception as failure keys: ``msg`` (with ``action`` first) and the structured ``error``."""
    msg = str(exc)
    if action:
        msg = '%s: %s' % (action, msg)
    if isinstance(exc, ExotelAuthError) and not isinstance(exc, ExotelForbiddenError):
        msg += ('. Check api_key and api_token, and that region (or api_url) points at the cluster where the account '
                'was created: Exotel credentials are per region (singapore = api.exotel.com, mumbai = api.in.exotel.com)')
    elif isinstance(exc, ExotelOutcomeUnknownError):
        msg += '. The state could not be confirmed by re-reading; run the task again to reconcile'
    return dict(msg=msg, error=exc.details())


def failed(msg, **extra):
    result = dict(extra)
    result.update(failed=True, msg=msg)
    return result


def execute(spec, params, check_mode=False, diff_mode=False, warn=None, clock=None):
    """Run ``spec`` with validated ``params``; returns its result, or a failed result (never raises).

    This is the only place where an exception becomes a failed result.
    """
    ctx = RunContext(params, check_mode=check_mode, diff_mode=diff_mode, warn=warn, clock=clock)
    try:
        ctx.check_connection()
        if spec.validate:
            spec.validate(params)
    except InputError as exc:
        return failed(str(exc))
    if not HAS_REQUESTS:
        return failed(missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    try:
        return spec.run(ctx)
    except InputError as exc:
        return failed(str(exc))
    except TaskFailure as exc:
        return failed(exc.msg, **exc.result)
    except TrunkNotFound as exc:
        extra = dict(error=exc.cause.details()) if isinstance(exc.cause, ExotelError) else {}
        return failed(str(exc), **extra)
    except ExotelError as exc:
        return failed(**error_result(exc, spec.describe_failure(params) if spec.describe_failure else None))
    except Exception as exc:  # pylint: disable=broad-except
        return unexpected_failure(spec.name, exc)


def unexpected_failure(name, exc):
    """A bug of ours as a clean failure: never a bare traceback as the message, the traceback beside it."""
    return failed('exotel.trunking %s failed unexpectedly (%s: %s); please report this at %s'
                  % (name, type(exc).__name__, exc, ISSUES_URL), exception=traceback.format_exc())


def _ansible_version():
    try:
        from ansible.module_utils.ansible_release import __version__
        return __version__
    except ImportError:  # pragma: no cover
        return 'unknown'
