# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The exception classes: their kinds, their family tree, and the secret-free details they report."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _errors
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    MISSING_ERRORS,
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


@pytest.mark.parametrize('cls, kind, parent', [
    (ExotelError, 'error', Exception),
    (ExotelTransportError, 'transport', ExotelError),
    (ExotelOutcomeUnknownError, 'outcome_unknown', ExotelTransportError),
    (ExotelResponseError, 'bad_response', ExotelError),
    (ExotelAPIError, 'api', ExotelError),
    (ExotelAuthError, 'auth', ExotelAPIError),
    (ExotelForbiddenError, 'forbidden', ExotelAuthError),
    (ExotelNotFoundError, 'not_found', ExotelAPIError),
    (ExotelDuplicateError, 'duplicate', ExotelAPIError),
    (ExotelRateLimitError, 'rate_limit', ExotelAPIError),
])
def test_kind_and_family(cls, kind, parent):
    exc = cls('text')
    assert exc.kind == kind and exc.details()['kind'] == kind
    assert issubclass(cls, parent)


def test_every_exotel_error_class_has_its_own_kind():
    classes = [v for v in vars(_errors).values() if isinstance(v, type) and issubclass(v, ExotelError)]
    assert len(classes) == 10
    assert len(set(c.kind for c in classes)) == len(classes)


def test_details_are_the_structured_fields_without_the_body():
    exc = ExotelAPIError('POST /x failed', method='POST', path='/x', http_status=400, code=400, error_code=1002,
                         error_message='Invalid parameter', description='bad mask', request_id='r1', body='raw body')
    assert exc.details() == {'kind': 'api', 'method': 'POST', 'path': '/x', 'http_status': 400, 'code': 400, 'error_code': 1002,
                             'message': 'Invalid parameter', 'description': 'bad mask', 'request_id': 'r1'}
    assert exc.body == 'raw body'
    assert str(exc) == 'POST /x failed' and exc.message == 'POST /x failed'


def test_str_follows_a_message_extended_later():
    exc = ExotelAPIError('first')
    exc.message += '. more'
    assert str(exc) == 'first. more'


def test_missing_errors_are_not_found_and_forbidden():
    assert MISSING_ERRORS == (ExotelNotFoundError, ExotelForbiddenError)
    assert not issubclass(ExotelAuthError, MISSING_ERRORS)


def test_trunk_not_found():
    cause = ExotelNotFoundError('404')
    exc = TrunkNotFound('trmum1x', cause=cause)
    assert str(exc) == "trunk_sid 'trmum1x': no such trunk in this account (or it is not visible to these credentials)"
    assert exc.trunk_sid == 'trmum1x' and exc.cause is cause
    assert TrunkNotFound('t').cause is None


def test_task_failure_carries_extra_result_keys():
    exc = TaskFailure('held elsewhere', other_mapping={'id': '1'}, mapping=None)
    assert str(exc) == exc.msg == 'held elsewhere'
    assert exc.result == {'other_mapping': {'id': '1'}, 'mapping': None}


def test_the_layers_above_are_not_exotel_errors():
    for cls in (InputError, TrunkNotFound, TaskFailure):
        assert not issubclass(cls, ExotelError)
