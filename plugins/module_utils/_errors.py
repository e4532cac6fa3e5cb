# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Every exception the collection raises, in one place.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Two families:

* :class:`ExotelError` and its subclasses come from the HTTP client: the request could
  not be completed, the answer was unreadable, or Exotel reported a failure.
  ``details()`` is a structured, secret-free description (returned under ``error``).
* :class:`InputError`, :class:`TrunkNotFound` and :class:`TaskFailure` come from the
  layers above: bad input found before any request, a trunk that does not exist, and a
  failure that carries extra result keys (for example the other trunk that holds a
  number).

Engines raise; only the execution seam (``_runner.execute``) turns an exception into a
failed result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ExotelError(Exception):
    """Base of every error the HTTP client raises."""

    kind = 'error'

    def __init__(self, message, method=None, path=None, http_status=None, code=None,
                 error_code=None, error_message=None, description=None, request_id=None, body=None):
        super(ExotelError, self).__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.http_status = http_status
        self.code = code
        self.error_code = error_code
        self.error_message = error_message
        self.description = description
        self.request_id = request_id
        self.body = body

    def details(self):
        return {
            'kind': self.kind,
            'method': self.method,
            'path': self.path,
            'http_status': self.http_status,
            'code': self.code,
            'error_code': self.error_code,
            'message': self.error_message,
            'description': self.description,
            'request_id': self.request_id,
        }

    def __str__(self):
        return self.message


class ExotelTransportError(ExotelError):
    """The request could not be completed (connection refused, timeout, TLS, ...)."""
    kind = 'transport'


class ExotelOutcomeUnknownError(ExotelTransportError):
    """A write was sent but no usable answer came back; it may or may not have taken effect."""
    kind = 'outcome_unknown'


class ExotelResponseError(ExotelError):
    """The server answered with something that is not a valid Exotel envelope."""
    kind = 'bad_response'


class ExotelAPIError(ExotelError):
    """Exotel reported a failure (HTTP >= 400, or ``response.status == "failure"``)."""
    kind = 'api'


class ExotelAuthError(ExotelAPIError):
    """HTTP 401 / error 1010: wrong key or token, or the wrong region's host."""
    kind = 'auth'


class ExotelForbiddenError(ExotelAuthError):
    """HTTP 403 / error 1003: Exotel's answer for a trunk that is unknown or not the account's."""
    kind = 'forbidden'


class ExotelNotFoundError(ExotelAPIError):
    """HTTP 404 / error 1000."""
    kind = 'not_found'


class ExotelDuplicateError(ExotelAPIError):
    """Error 1008 "Duplicate resource": HTTP 200 with ``response.code`` 409, or a real HTTP 409."""
    kind = 'duplicate'


class ExotelRateLimitError(ExotelAPIError):
    """HTTP 429 after every retry was used up."""
    kind = 'rate_limit'


# 404/1000, or Exotel's 403/1003 answer for an unknown trunk: both mean "not there" on reads and deletes.
MISSING_ERRORS = (ExotelNotFoundError, ExotelForbiddenError)


class InputError(Exception):
    """Bad input, detected before any request is sent. The message names the value and the rule."""


class TrunkNotFound(Exception):
    """The trunk does not exist, or is not visible to these credentials."""

    def __init__(self, trunk_sid, cause=None):
        super(TrunkNotFound, self).__init__(
            'trunk_sid %r: no such trunk in this account (or it is not visible to these credentials)' % (trunk_sid,))
        self.trunk_sid = trunk_sid
        self.cause = cause  # the ExotelError that revealed it, if any


class TaskFailure(Exception):
    """A failure the task reports with extra result keys (``result``) beside its message."""

    def __init__(self, msg, **result):
        super(TaskFailure, self).__init__(msg)
        self.msg = msg
        self.result = result
