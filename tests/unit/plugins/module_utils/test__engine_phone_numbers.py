# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The phone-number engine: locating one number account-wide (trunk-maps) and its fallback to listing the trunk."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import responses
from responses import matchers

from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import PhoneNumberAPI, normalise
from ansible_collections.exotel.trunking.plugins.module_utils._client import ExotelClient
from ansible_collections.exotel.trunking.plugins.module_utils._engine_phone_numbers import PhoneNumberEngine
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError, ExotelAuthError, ExotelRateLimitError, TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.utils import (
    API_KEY,
    API_URL,
    BASE,
    TOKEN,
    FakeClock,
    error,
    forbidden,
    listing,
    not_found,
    single,
    unauthorized,
)

TRUNK = 'trmum1f708622631150902801a1n'
NUM = '+919876543210'
COLL = BASE + '/trunks/' + TRUNK + '/phone-numbers'
PATH = '/v2/accounts/exotel_test/trunks/' + TRUNK + '/phone-numbers'


class Ctx:
    check_mode = False
    max_retries = 2

    def __init__(self):
        self.clock = FakeClock()
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)


def engine(client):
    return PhoneNumberEngine(PhoneNumberAPI(client), Ctx())


@pytest.fixture
def client():
    return ExotelClient(API_URL, 'exotel_test', API_KEY, TOKEN, max_retries=2, clock=FakeClock())


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


# -- trunk-maps look-up and its fallback ------------------------------------------------------------------------

def lookup_answer(mock, **kwargs):
    mock.add(responses.GET, BASE + '/trunk-maps', match=[matchers.query_param_matcher({'exophone': NUM})], **kwargs)


def list_answer(mock, items):
    mock.add(responses.GET, COLL, json=listing(items, path=PATH))


MAPPED = {'id': '41512', 'phone_number': NUM, 'trunk_sid': TRUNK, 'date_created': 'c', 'date_updated': 'u', 'mode': None}


@pytest.mark.parametrize('answer', [
    dict(json=single({'unexpected': True})),
    dict(json=single({'exophone': '+910000000000', 'trunk_sid': TRUNK, 'phone_number_id': '1', 'mode': None})),
    dict(json=single({'exophone': NUM, 'trunk_sid': '', 'phone_number_id': '1', 'mode': None})),
    dict(json=listing([])),
    dict(status=400, json=error(400, 1001, 'Mandatory Parameter missing', 'Exophone is mandatory')),
    dict(status=405, json=error(405, 405, 'Method Not Allowed')),
    dict(body='not json'),
], ids=['unknown-shape', 'other-number', 'no-trunk', 'list-shape', 'http-400', 'http-405', 'not-json'])
def test_find_falls_back_to_listing_when_trunk_maps_is_unusable(client, mock, answer):
    lookup_answer(mock, **answer)
    list_answer(mock, [MAPPED])
    mine, other = engine(client).locate(TRUNK, NUM)
    assert mine == normalise(MAPPED) and other is None
    assert len(mock.calls) == 2


def test_find_does_not_fall_back_when_trunk_maps_answers_5xx(client, mock):
    # Design decision (PhoneNumberAPI.lookup): a 5xx after every retry means the API is down, so no listing.
    mock.add(responses.GET, BASE + '/trunk-maps', status=500, json=error(500, 500, 'Internal Server Error'))
    with pytest.raises(ExotelAPIError) as info:
        engine(client).locate(TRUNK, NUM)
    assert info.value.http_status == 500
    assert len(mock.calls) == 1


def test_find_trusts_trunk_maps_not_found_without_confirm(client, mock):
    lookup_answer(mock, status=404, json=not_found())
    assert engine(client).locate(TRUNK, NUM) == (None, None)
    assert len(mock.calls) == 1


def test_find_with_confirm_absence_lists_the_trunk(client, mock):
    lookup_answer(mock, status=404, json=not_found())
    list_answer(mock, [dict(MAPPED, phone_number='+918040264208')])
    assert engine(client).locate(TRUNK, NUM, confirm_absence=True) == (None, None)
    assert len(mock.calls) == 2


def test_find_reports_mapping_on_another_trunk(client, mock):
    lookup_answer(mock, json=single({'exophone': NUM, 'trunk_sid': 'other', 'phone_number_id': 7, 'mode': 'flow'}))
    mine, other = engine(client).locate(TRUNK, NUM)
    assert mine is None
    assert other == {'id': '7', 'phone_number': NUM, 'trunk_sid': 'other', 'mode': 'flow', 'date_created': None, 'date_updated': None}


@pytest.mark.parametrize('status,body,cls', [(401, unauthorized(), ExotelAuthError), (429, error(429, 429, 'Too Many Requests'), ExotelRateLimitError)])
def test_find_does_not_hide_auth_or_rate_limit_errors(mock, status, body, cls):
    client = ExotelClient(API_URL, 'exotel_test', API_KEY, TOKEN, max_retries=0, clock=FakeClock())
    lookup_answer(mock, status=status, json=body)
    with pytest.raises(cls):
        engine(client).locate(TRUNK, NUM)
    assert len(mock.calls) == 1


@pytest.mark.parametrize('status,body', [(404, not_found()), (403, forbidden())])
def test_list_of_unknown_trunk_raises_trunk_not_found(client, mock, status, body):
    mock.add(responses.GET, COLL, status=status, json=body)
    with pytest.raises(TrunkNotFound):
        PhoneNumberAPI(client).list(TRUNK)


def test_normalise_keeps_fixed_keys_stringifies_id_and_keeps_a_null_mode():
    assert normalise({'id': 41512, 'phone_number': NUM, 'trunk_sid': TRUNK, 'mode': None, 'extra': 1}) == {
        'id': '41512', 'phone_number': NUM, 'trunk_sid': TRUNK, 'mode': None, 'date_created': None, 'date_updated': None}
