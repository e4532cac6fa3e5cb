# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Module base: connection options, input validation, and the one place errors become ``fail_json``.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math
import os
import re
import time

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

from ansible.module_utils.basic import AnsibleModule, _load_params, env_fallback, missing_required_lib

from ansible_collections.exotel.trunking.plugins.module_utils import _api
from ansible_collections.exotel.trunking.plugins.module_utils._api import (
    ExotelAuthError,
    ExotelError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
)

# \Z, not $: '$' also matches before a trailing newline, which would let '+919876543210\n' through.
E164_RE = re.compile(r'\A\+[1-9][0-9]{6,14}\Z')
SID_RE = re.compile(r'\A[A-Za-z0-9_-]{1,64}\Z')
VISUAL_SEPARATORS_RE = re.compile(r'[\s().-]')


def connection_argument_spec():
    """The connection options shared by every module (documented by the ``exotel.trunking.connection`` doc fragment)."""
    return dict(
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


class InputError(Exception):
    """Bad module input, detected before any request is sent."""


def trunk_missing_msg(trunk_sid):
    return 'trunk_sid %r: no such trunk in this account (or it is not visible to these credentials)' % trunk_sid


class TrunkNotFound(Exception):
    """The trunk does not exist, or is not visible to these credentials. ExotelModule.run() reports it."""

    def __init__(self, trunk_sid, cause=None):
        super(TrunkNotFound, self).__init__(trunk_missing_msg(trunk_sid))
        self.trunk_sid = trunk_sid
        self.cause = cause  # the ExotelError that revealed it, if any


def check_e164(value, option='phone_number'):
    """Return ``value`` if it is an E.164 number, else raise InputError naming the value and the rule.

    Separators are deliberately not stripped: the number is a routing key, and the
    value in the playbook should be the value Exotel stores and reports. The
    message suggests the stripped form when that would be valid.
    """
    if not isinstance(value, str) or not E164_RE.match(value):
        msg = ("%s %r is not an E.164 number: expected '+', then the country code and subscriber number, "
               "7 to 15 digits in all, the first digit 1-9, with no spaces or punctuation" % (option, value))
        if isinstance(value, str):
            stripped = VISUAL_SEPARATORS_RE.sub('', value)
            if stripped != value and E164_RE.match(stripped):
                msg += " (did you mean %r?)" % stripped
        raise InputError(msg)
    return value


def check_sid(value, option):
    """Identifiers go into URL paths: allow only letters, digits, ``_`` and ``-`` (so never ``/`` or ``..``)."""
    if not isinstance(value, str) or not SID_RE.match(value):
        raise InputError("%s %r is not a valid Exotel identifier: use 1 to 64 letters, digits, '_' or '-' "
                         "(as in trmum1f708622631150902801a1n)" % (option, value))
    return value


def check_connection(params):
    """Validate the connection options; returns the base URL to use."""
    check_sid(params['account_sid'], 'account_sid')
    timeout = params['timeout']
    if timeout is None or math.isnan(timeout) or not timeout > 0 or math.isinf(timeout):
        raise InputError('timeout %r is not valid: it must be a number of seconds greater than 0' % (timeout,))
    if params['max_retries'] < 0:
        raise InputError('max_retries %r is not valid: it must be 0 or greater' % (params['max_retries'],))
    if params['requests_per_minute'] < 0:
        raise InputError('requests_per_minute %r is not valid: it must be 0 (no pacing) or greater' % (params['requests_per_minute'],))
    api_url = params.get('api_url')
    if not api_url:
        return _api.REGION_URLS[params['region']]
    try:
        parts = urlsplit(api_url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None:
        raise InputError('api_url %r is not a valid URL: expected scheme://host[:port], for example https://api.exotel.com' % (api_url,))
    if parts.username is not None or parts.password is not None or '@' in parts.netloc:
        # Never echo the value: it holds credentials.
        raise InputError('api_url must not contain credentials (user:password@host); pass api_key and api_token instead')
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise InputError('api_url %r is not valid: expected http:// or https:// followed by a host, for example https://api.exotel.com'
                         % (api_url,))
    if parts.query or parts.fragment:
        raise InputError('api_url %r is not valid: it must not have a query string or fragment' % (api_url,))
    if port is not None and not 0 < port < 65536:
        raise InputError('api_url %r is not valid: port out of range' % (api_url,))
    return api_url.rstrip('/')


def error_result(exc, action=None):
    """Turn a client exception into ``fail_json`` keyword arguments (the only place this happens)."""
    msg = str(exc)
    if action:
        msg = '%s: %s' % (action, msg)
    if isinstance(exc, ExotelAuthError) and not isinstance(exc, ExotelForbiddenError):
        msg += ('. Check api_key and api_token, and that region (or api_url) points at the cluster where the account '
                'was created: Exotel credentials are per region (singapore = api.exotel.com, mumbai = api.in.exotel.com)')
    elif isinstance(exc, ExotelOutcomeUnknownError):
        msg += '. The state could not be confirmed by re-reading; run the task again to reconcile'
    return dict(msg=msg, error=exc.details())


class ExotelModule:
    """Thin wrapper around AnsibleModule that owns the client and the error handling.

    A module builds one with its own options, then calls :meth:`run` with a function
    returning the result dict. Every :class:`InputError` and :class:`ExotelError`
    raised inside becomes a clean ``fail_json``.
    """

    def __init__(self, argument_spec, validate=None, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        if _url_has_credentials(_raw_api_url()):
            # Decided before AnsibleModule validates anything, so even an argspec error cannot echo them.
            spec['api_url']['no_log'] = True
        kwargs.setdefault('supports_check_mode', True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.diff_mode = self.module._diff
        self._validate = validate
        self._client = None
        self._base_url = None

    @property
    def client(self):
        if self._client is None:
            params = self.params
            self._client = _api.ExotelClient(
                self._base_url, params['account_sid'], params['api_key'], params['api_token'],
                timeout=params['timeout'], validate_certs=params['validate_certs'], max_retries=params['max_retries'],
                requests_per_minute=params['requests_per_minute'], warn=self.module.warn,
                user_agent_extra='ansible-core/%s' % _ansible_version())
        return self._client

    def run(self, func, action=None):
        """Validate every input, then call ``func(self)``; exit with its result or fail cleanly."""
        try:
            self._base_url = check_connection(self.params)
            if self._validate:
                self._validate(self.params)
        except InputError as exc:
            self.module.fail_json(msg=str(exc))
        if not _api.HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=_api.REQUESTS_IMPORT_ERROR)
        try:
            result = func(self)
        except InputError as exc:
            self.module.fail_json(msg=str(exc))
        except TrunkNotFound as exc:
            extra = dict(error=exc.cause.details()) if isinstance(exc.cause, ExotelError) else {}
            self.module.fail_json(msg=str(exc), **extra)
        except ExotelError as exc:
            action_text = action(self.params) if callable(action) else action
            self.module.fail_json(**error_result(exc, action_text))
        self.module.exit_json(**result)

    def reconcile(self, write, read, done, what):
        """Apply a write without ever repeating it blindly.

        ``write()`` performs the change and returns the API's object. If its
        outcome is unknown (lost response, gateway error), ``read()`` fetches the
        current state and ``done(state)`` says whether the change is in place; if
        not, the write is tried again, at most ``max_retries`` more times.
        Returns ``(object_or_state, confirmed_by_read)``.
        """
        attempts = self.params['max_retries']
        attempt = 0
        while True:
            try:
                return write(), False
            except ExotelOutcomeUnknownError as exc:
                self.module.warn('exotel.trunking: %s; re-reading to find out whether %s took effect' % (exc, what))
                state = read()
                if done(state):
                    return state, True
                if attempt >= attempts:
                    raise
                attempt += 1
                time.sleep(min(_api.BACKOFF_BASE * (2 ** (attempt - 1)), _api.BACKOFF_MAX))

    def remove(self, current, delete, read, what='the removal'):
        """Delete ``current`` (a normalised object) through :meth:`reconcile`.

        ``read()`` returns the object, or something empty once it is gone. Returns the
        removed object (``current`` updated with the non-null fields of the API's answer),
        or None when it vanished between our read and our write: the state is then as
        requested, but not by our hand.
        """
        try:
            deleted, confirmed = self.reconcile(delete, read, lambda state: not state, what)
        except MISSING_ERRORS:
            return None
        if confirmed:
            return current
        return dict(current, **dict((k, v) for k, v in deleted.items() if v is not None))

    def result_diff(self, result, before, after):
        if self.diff_mode:
            result['diff'] = dict(before=before or {}, after=after or {})
        return result


# 404/1000, or Exotel's 403/1003 answer for an unknown trunk: both mean "not there" on reads and deletes.
MISSING_ERRORS = (ExotelNotFoundError, ExotelForbiddenError)


def _raw_api_url():
    """api_url as given (option or environment), before AnsibleModule parses anything."""
    try:
        raw = _load_params()
    except Exception:  # pylint: disable=broad-except
        return None  # AnsibleModule will report the problem itself
    value = raw.get('api_url') if isinstance(raw, dict) else None
    if value is None:
        value = os.environ.get('EXOTEL_API_URL')
    return value


def _url_has_credentials(value):
    return isinstance(value, str) and '@' in value


def _ansible_version():
    try:
        from ansible.module_utils.ansible_release import __version__
        return __version__
    except ImportError:  # pragma: no cover
        return 'unknown'
