# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""HTTP client for Exotel's v2 trunk API (the lowest layer: it knows nothing of modules or resources).

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Everything that goes over the wire passes through :class:`ExotelClient`:
one ``requests.Session`` with HTTP Basic auth, a ``User-Agent``, per-request
timeouts, bounded retries that honour ``Retry-After``, a request budget shared with
every other process sending for the same account (see ``_budget``), envelope
unwrapping and validation (a body can report failure under HTTP 200) and list
pagination. Failures are raised as the :class:`ExotelError` family of ``_errors``.

Retry policy (see docs/reliability.md):

* Reads (GET) are retried on 429, 502, 503, 504, connection errors and read
  timeouts.
* Writes (POST/PUT/DELETE) are retried only when the server cannot have acted
  on them: HTTP 429, or a connection that was never established. Any other
  transport failure after the request was sent raises
  :class:`ExotelOutcomeUnknownError`; the caller must re-read state and
  reconcile instead of sending the write again blindly.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import math
import random
import traceback
import warnings

from urllib.parse import parse_qs, quote, urlsplit

try:
    import requests
    from requests.exceptions import ConnectTimeout, ConnectionError as RequestsConnectionError, ReadTimeout, RequestException
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

try:
    from urllib3.exceptions import ConnectTimeoutError, InsecureRequestWarning, NewConnectionError
except ImportError:  # pragma: no cover - urllib3 always comes with requests
    NewConnectionError = ConnectTimeoutError = InsecureRequestWarning = None

from ansible_collections.exotel.trunking.plugins.module_utils._clock import SYSTEM_CLOCK
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelDuplicateError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    ExotelRateLimitError,
    ExotelResponseError,
    ExotelTransportError,
)
from ansible_collections.exotel.trunking.plugins.module_utils._version import COLLECTION_VERSION

REGION_URLS = {
    'singapore': 'https://api.exotel.com',
    'mumbai': 'https://api.in.exotel.com',
}

DEFAULT_PAGE_SIZE = 50          # the documented default; the maximum is not documented
MAX_PAGES = 2000                # safety net against a server whose next_page_uri never ends
RETRY_STATUSES = frozenset([429, 502, 503, 504])
RETRY_AFTER_MAX = 60.0          # never sleep longer than this for one Retry-After
BACKOFF_BASE = 0.5
BACKOFF_MAX = 30.0
WRITE_METHODS = frozenset(['POST', 'PUT', 'DELETE', 'PATCH'])

# Exotel application error codes (error_data.code), see docs/reliability.md
CODE_NOT_FOUND = 1000
CODE_FORBIDDEN = 1003
CODE_DUPLICATE = 1008
CODE_AUTH = 1010


def quote_segment(value):
    """URL-encode one path segment so that ``/``, ``..``, ``?`` and ``#`` can never change the path."""
    return quote(str(value), safe='')


def parse_retry_after(value, now):
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date), or None.

    ``now`` is the current epoch time, for the HTTP-date form.
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed is None:
            return None
        seconds = parsed.timestamp() - now
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


def endpoint_of(base_url):
    """``scheme://host:port`` of a base URL, for messages: never a path, a query or credentials."""
    parts = urlsplit(base_url)
    port = parts.port or {'http': 80, 'https': 443}.get(parts.scheme)
    host = parts.hostname or ''
    if ':' in host:
        host = '[%s]' % host
    return '%s://%s:%s' % (parts.scheme, host, port)


def _is_connect_failure(exc):
    """True when the connection was never established, so the server cannot have seen the request."""
    if isinstance(exc, ConnectTimeout):
        return True
    if not isinstance(exc, RequestsConnectionError) or isinstance(exc, ReadTimeout):
        return False
    seen = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue  # urllib3 sometimes keeps a plain string in .reason (e.g. 'CERTIFICATE_VERIFY_FAILED')
        seen.add(id(current))
        if NewConnectionError is not None and isinstance(current, (NewConnectionError, ConnectTimeoutError)):
            return True
        if isinstance(current, ConnectionRefusedError):
            return True
        stack.extend([getattr(current, 'reason', None), current.__cause__, current.__context__])
        stack.extend(a for a in getattr(current, 'args', ()) if isinstance(a, BaseException))
    return False


def _describe_exception(exc):
    """A short, secret-free description of a requests exception (no URL, no headers)."""
    name = type(exc).__name__
    text = str(exc)
    if 'CERTIFICATE_VERIFY_FAILED' in text or isinstance(exc, getattr(requests, 'exceptions').SSLError):
        return 'TLS certificate verification failed (%s); set validate_certs=false only for a trusted test endpoint' % name
    if isinstance(exc, ReadTimeout):
        return 'read timed out (%s)' % name
    if isinstance(exc, ConnectTimeout):
        return 'connect timed out (%s)' % name
    if _is_connect_failure(exc):
        return 'connection refused or host unreachable (%s)' % name
    if 'RemoteDisconnected' in text or 'Connection aborted' in text or 'ConnectionResetError' in text:
        return 'connection closed by the server before a response arrived (%s)' % name
    return name


class ExotelClient:
    """One session against one Exotel account.

    :param budget: the request budget (``acquire()`` before every request, ``observe(headers)`` after every
        answer, ``hold_for(seconds)`` on a 429's Retry-After), or None for no pacing at all.
    :param warn: callable taking a message; called once per retry so retries show in task output.
    :param clock: the clock every wait goes through (``_clock.SYSTEM_CLOCK`` unless a test injects one).
    """

    def __init__(self, base_url, account_sid, api_key, api_token, timeout=30.0, validate_certs=True,
                 max_retries=5, budget=None, warn=None, clock=None, user_agent_extra=None):
        self.base_url = base_url.rstrip('/')
        self.endpoint = endpoint_of(self.base_url)
        self.account_sid = account_sid
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.max_retries = max(int(max_retries), 0)
        self.budget = budget
        self.warn = warn or (lambda msg: None)
        self.clock = clock or SYSTEM_CLOCK
        self.request_count = 0
        self.retry_count = 0
        self.session = requests.Session()
        self.session.auth = (api_key, api_token)
        self.session.verify = validate_certs
        if not validate_certs and InsecureRequestWarning is not None:
            # The user opted out explicitly; urllib3 would otherwise print a warning per request on stderr.
            warnings.simplefilter('ignore', InsecureRequestWarning)
        agent = 'exotel.trunking/%s python-requests/%s' % (COLLECTION_VERSION, requests.__version__)
        if user_agent_extra:
            agent = '%s %s' % (agent, user_agent_extra)
        self.session.headers.update({'User-Agent': agent, 'Accept': 'application/json'})

    # -- paths -------------------------------------------------------------
    def account_path(self, *segments):
        """``/v2/accounts/{sid}/seg1/seg2`` with every segment URL-encoded."""
        parts = ['v2', 'accounts', self.account_sid] + list(segments)
        return '/' + '/'.join(quote_segment(p) for p in parts)

    # -- core request ------------------------------------------------------
    def request(self, method, path, params=None, body=None):
        """Send one API call and return the validated envelope (a dict).

        Raises a subclass of :class:`ExotelError` on any failure.
        """
        method = method.upper()
        # verify per request: a session-level verify=False loses to REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE
        # in the environment (psf/requests#3829), a request-level one does not.
        kwargs = {'params': params, 'timeout': self.timeout, 'verify': self.validate_certs}
        if body is not None:
            kwargs['data'] = json.dumps(body)
            kwargs['headers'] = {'Content-Type': 'application/json'}
        is_write = method in WRITE_METHODS
        attempt = 0
        while True:
            response, failure = self._send(method, path, kwargs)
            if failure is not None:
                reason, retryable, reached = failure
                if retryable and attempt < self.max_retries:
                    attempt += 1
                    self._retry_wait(method, path, reason, attempt, None)
                    continue
                if is_write and reached:
                    raise ExotelOutcomeUnknownError(
                        '%s %s: %s after the request was sent; it may or may not have been applied' % (method, path, reason),
                        method=method, path=path)
                raise ExotelTransportError('%s %s failed: %s%s' % (method, path, reason, self._gave_up(attempt)), method=method, path=path)

            status = response.status_code
            retry_after = parse_retry_after(response.headers.get('Retry-After'), self.clock.time()) if status in RETRY_STATUSES else None
            if status == 429 and retry_after and self.budget is not None:
                self.budget.hold_for(retry_after)  # holds back every other process of this account too
            if status in RETRY_STATUSES and (not is_write or status == 429) and attempt < self.max_retries:
                attempt += 1
                self._retry_wait(method, path, 'HTTP %d' % status, attempt, retry_after)
                continue
            return self._outcome(method, path, response, is_write, attempt)

    def _send(self, method, path, kwargs):
        """One attempt: ``(response, None)``, or ``(None, (reason, retryable, reached_server))`` on a transport failure."""
        if self.budget is not None:
            self.budget.acquire()
        self.request_count += 1
        try:
            response = self.session.request(method, self.base_url + path, **kwargs)
        except RequestException as exc:
            connect_failure = _is_connect_failure(exc)
            reason = '%s at %s' % (_describe_exception(exc), self.endpoint)
            # A write is resent only when the server cannot have seen it (no connection was ever made).
            retryable = connect_failure or (method not in WRITE_METHODS and isinstance(exc, (RequestsConnectionError, ReadTimeout)))
            return None, (reason, retryable, not connect_failure)
        if self.budget is not None:
            self.budget.observe(response.headers)
        return response, None

    def _outcome(self, method, path, response, is_write, attempt):
        """The validated envelope of a final answer, or the error it stands for."""
        status = response.status_code
        if is_write and status in (502, 503, 504):
            raise ExotelOutcomeUnknownError(
                '%s %s: HTTP %d; the write may or may not have been applied' % (method, path, status),
                method=method, path=path, http_status=status, body=_snippet(response))
        try:
            return self._check(method, path, response)
        except ExotelResponseError:
            if is_write and status < 300:
                # Exotel said "OK" but the body is unusable: the write probably happened.
                raise ExotelOutcomeUnknownError(
                    '%s %s: HTTP %d with an unreadable body; the write may or may not have been applied' % (method, path, status),
                    method=method, path=path, http_status=status, body=_snippet(response))
            raise
        except ExotelAPIError as exc:
            if status in RETRY_STATUSES:
                exc.message += self._gave_up(attempt)
            raise

    def _gave_up(self, attempt):
        return ' (gave up after %d retr%s)' % (attempt, 'y' if attempt == 1 else 'ies') if attempt else ''

    def _retry_wait(self, method, path, reason, attempt, retry_after):
        if retry_after is None:
            delay = min(BACKOFF_BASE * (2 ** (attempt - 1)), BACKOFF_MAX)
            delay += random.uniform(0, delay / 4.0)
            source = 'backoff'
        else:
            delay = retry_after
            source = 'Retry-After'
        self.retry_count += 1
        self.warn('exotel.trunking: %s %s got %s; retry %d of %d in %.1f s (%s)'
                  % (method, path, reason, attempt, self.max_retries, delay, source))
        self.clock.sleep(delay)

    def _check(self, method, path, response):
        """Turn an HTTP response into an envelope dict, or raise."""
        status = response.status_code
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or 'response' not in envelope:
            content_type = response.headers.get('Content-Type', 'no Content-Type')
            if status >= 400:
                raise _api_error_class(status, None)(
                    '%s %s failed: HTTP %d with a non-Exotel body (%s): %s' % (method, path, status, content_type, _snippet(response)),
                    method=method, path=path, http_status=status, code=status, body=_snippet(response))
            raise ExotelResponseError(
                '%s %s: HTTP %d but the body is not an Exotel JSON envelope (%s): %s'
                % (method, path, status, content_type, _snippet(response)),
                method=method, path=path, http_status=status, body=_snippet(response))
        request_id = envelope.get('request_id')
        body = envelope['response']
        if isinstance(body, dict):
            code = body.get('code')
            effective = code if isinstance(code, int) else status
            if status >= 400 or body.get('status') == 'failure' or effective >= 400:
                raise _error_from(method, path, status, effective, body.get('error_data'), request_id)
            if body.get('status') != 'success':
                raise ExotelResponseError(
                    '%s %s: HTTP %d but response.status is %r, not "success" [request_id %s]'
                    % (method, path, status, body.get('status'), request_id),
                    method=method, path=path, http_status=status, request_id=request_id)
            return envelope
        if isinstance(body, list):
            if status >= 400:
                first = next((i for i in body if isinstance(i, dict) and i.get('status') == 'failure'), {})
                raise _error_from(method, path, status, first.get('code', status), first.get('error_data'), request_id)
            for item in body:
                if not isinstance(item, dict):
                    raise ExotelResponseError('%s %s: list item is not an object [request_id %s]' % (method, path, request_id),
                                              method=method, path=path, http_status=status, request_id=request_id)
            return envelope
        if status >= 400:
            raise _error_from(method, path, status, status, None, request_id)
        raise ExotelResponseError('%s %s: HTTP %d but "response" is neither an object nor a list [request_id %s]'
                                  % (method, path, status, request_id),
                                  method=method, path=path, http_status=status, request_id=request_id)

    # -- convenience -------------------------------------------------------
    def get_object(self, path, params=None):
        """GET a single-object envelope; returns ``response.data`` (a dict)."""
        envelope = self.request('GET', path, params=params)
        return self._data_of(envelope, 'GET', path)

    def write(self, method, path, params=None, body=None):
        """POST/PUT/DELETE returning ``response.data`` (a dict)."""
        envelope = self.request(method, path, params=params, body=body)
        try:
            return self._data_of(envelope, method, path)
        except ExotelResponseError as exc:
            raise ExotelOutcomeUnknownError(str(exc) + '; the write may or may not have been applied', method=method, path=path,
                                            http_status=exc.http_status, request_id=exc.request_id)

    def write_batch(self, path, body):
        """POST to a batch endpoint (destination-uris, settings); returns the per-item envelopes.

        Any failed item raises :class:`ExotelAPIError` naming it (HTTP 207 "multi-status").
        """
        envelope = self.request('POST', path, body=body)
        items = envelope.get('response')
        if not isinstance(items, list):
            raise ExotelOutcomeUnknownError('POST %s: expected a list of item results [request_id %s]'
                                            % (path, envelope.get('request_id')), method='POST', path=path)
        failed = [(i, item) for i, item in enumerate(items) if item.get('status') != 'success']
        if failed:
            index, item = failed[0]
            err = item.get('error_data') or {}
            raise _error_from('POST', path, envelope.get('http_code', 207), item.get('code', 400), err,
                              envelope.get('request_id'), prefix='item %d of %d failed' % (index + 1, len(items)))
        return [item.get('data') for item in items]

    def get_list(self, path, params=None, page_size=DEFAULT_PAGE_SIZE):
        """GET every page of a collection; returns the list of item ``data`` dicts.

        Follows ``metadata.next_page_uri`` (offset/page_size); tolerates a missing
        ``metadata`` (Exotel omits it on some empty lists).
        """
        query = dict(params or {})
        offset = 0
        items = []
        for dummy in range(MAX_PAGES):
            query.update({'offset': offset, 'page_size': page_size})
            envelope = self.request('GET', path, params=query)
            page = envelope.get('response')
            if not isinstance(page, list):
                raise ExotelResponseError('GET %s: expected a list response [request_id %s]' % (path, envelope.get('request_id')),
                                          method='GET', path=path, request_id=envelope.get('request_id'))
            for item in page:
                if item.get('status') != 'success' or not isinstance(item.get('data'), dict):
                    raise _error_from('GET', path, 200, item.get('code', 500), item.get('error_data'), envelope.get('request_id'),
                                      prefix='a list item reported failure')
                items.append(item['data'])
            metadata = envelope.get('metadata')
            if not page:
                return items
            if isinstance(metadata, dict):
                next_uri = metadata.get('next_page_uri')
                if not next_uri:
                    return items
                next_offset = _offset_from_uri(next_uri)
                offset = next_offset if next_offset is not None and next_offset > offset else offset + len(page)
            elif len(page) < page_size:
                return items
            else:
                offset += len(page)
        raise ExotelResponseError('GET %s: still paging after %d pages; giving up' % (path, MAX_PAGES), method='GET', path=path)

    @staticmethod
    def _data_of(envelope, method, path):
        data = envelope.get('response', {}).get('data') if isinstance(envelope.get('response'), dict) else None
        if not isinstance(data, dict):
            raise ExotelResponseError('%s %s: success envelope without a data object [request_id %s]'
                                      % (method, path, envelope.get('request_id')),
                                      method=method, path=path, request_id=envelope.get('request_id'))
        return data


def _offset_from_uri(uri):
    try:
        values = parse_qs(urlsplit(uri).query).get('offset')
        return int(values[0]) if values else None
    except (ValueError, TypeError):
        return None


def _snippet(response, limit=200):
    try:
        text = response.text
    except Exception:  # pylint: disable=broad-except
        return ''
    text = ' '.join(text.split())
    return text[:limit] + ('...' if len(text) > limit else '')


def _api_error_class(status, error_code):
    if error_code == CODE_DUPLICATE or status == 409:
        return ExotelDuplicateError
    if status == 401 or error_code == CODE_AUTH:
        return ExotelAuthError
    if status == 403 or error_code == CODE_FORBIDDEN:
        return ExotelForbiddenError
    if status == 404 or error_code == CODE_NOT_FOUND:
        return ExotelNotFoundError
    if status == 429:
        return ExotelRateLimitError
    return ExotelAPIError


def _error_from(method, path, http_status, code, error_data, request_id, prefix=None):
    error_data = error_data if isinstance(error_data, dict) else {}
    error_code = error_data.get('code')
    message = error_data.get('message')
    description = error_data.get('description')
    parts = ['%s %s failed: HTTP %s' % (method, path, http_status)]
    if code is not None and code != http_status:
        parts.append('response.code %s' % code)
    text = ', '.join(parts)
    if prefix:
        text += ', ' + prefix
    if error_code is not None or message or description:
        detail = 'Exotel error %s' % (error_code if error_code is not None else '?')
        if message:
            detail += ' (%s)' % str(message).strip()
        if description and description != message:
            detail += ': %s' % str(description).strip()
        text += ', ' + detail
    text += ' [request_id %s]' % (request_id or 'none')
    effective = code if isinstance(code, int) else http_status
    cls = _api_error_class(effective, error_code)
    return cls(text, method=method, path=path, http_status=http_status, code=code, error_code=error_code,
               error_message=message, description=description, request_id=request_id)
