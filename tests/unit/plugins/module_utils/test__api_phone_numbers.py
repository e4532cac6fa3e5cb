# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The phone-number API: a trunk's phone-numbers collection and the account-wide trunk-maps look-up."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import (
    MAPPING_FIELDS,
    PhoneNumberAPI,
    PhoneNumberWant,
    mode_of,
    normalise,
)
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError, ExotelAuthError, ExotelRateLimitError, TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    OTHER_TRUNK_SID,
    PHONE_NUMBER,
    PHONE_NUMBERS,
    TRUNK_MAPS_URL,
    TRUNK_SID,
    api_mapping,
    conversation,
    make_client,
    trunk_map,
)
from ansible_collections.exotel.trunking.tests.unit.utils import error, forbidden, listing, not_found, single, unauthorized


@pytest.fixture
def api():
    return PhoneNumberAPI(make_client())


@pytest.mark.parametrize('stored, routes', [(None, 'pstn'), ('', 'pstn'), ('pstn', 'pstn'), ('flow', 'flow')])
def test_mode_of_routes_a_stored_null_as_pstn(stored, routes):
    assert mode_of(stored) == routes


def test_normalise_keeps_a_null_mode_and_makes_the_id_text():
    assert normalise(dict(api_mapping(ident=41512), extra='x')) == dict(api_mapping(), id='41512')
    assert tuple(normalise({})) == MAPPING_FIELDS
    assert normalise({'mode': None})['mode'] is None


def test_create_without_mode_sends_no_mode_key(api, rsps):
    PHONE_NUMBERS.created(rsps, api_mapping(), body={'phone_number': PHONE_NUMBER})
    assert api.create(TRUNK_SID, PhoneNumberWant(PHONE_NUMBER, None)) == api_mapping()
    assert conversation(rsps.calls) == [('POST', PHONE_NUMBERS.path(), {'phone_number': PHONE_NUMBER})]
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'


def test_create_with_mode_sends_it(api, rsps):
    PHONE_NUMBERS.created(rsps, api_mapping(mode='flow'), body={'phone_number': PHONE_NUMBER, 'mode': 'flow'})
    assert api.create(TRUNK_SID, PhoneNumberWant(PHONE_NUMBER, 'flow'))['mode'] == 'flow'


def test_set_mode_puts_the_number_beside_the_mode(api, rsps):
    PHONE_NUMBERS.updated(rsps, api_mapping(mode='flow'), body={'phone_number': PHONE_NUMBER, 'mode': 'flow'})
    assert api.set_mode(TRUNK_SID, api_mapping(), 'flow')['mode'] == 'flow'
    assert conversation(rsps.calls) == [('PUT', PHONE_NUMBERS.path(TRUNK_SID, '41512'), {'phone_number': PHONE_NUMBER, 'mode': 'flow'})]


def test_delete_takes_the_mapping_id_as_query(api, rsps):
    PHONE_NUMBERS.deleted(rsps, api_mapping())
    assert api.delete(TRUNK_SID, '41512') == api_mapping()
    assert conversation(rsps.calls) == [('DELETE', PHONE_NUMBERS.path() + '?id=41512', None)]


def test_list_normalises_every_item(api, rsps):
    PHONE_NUMBERS.listed(rsps, [dict(api_mapping(ident=7), date_created=None), api_mapping(mode='flow')])
    assert api.list(TRUNK_SID) == [dict(api_mapping(ident='7'), date_created=None), api_mapping(mode='flow')]


@pytest.mark.parametrize('status, envelope', [(404, not_found()), (403, forbidden())], ids=['404', '403'])
def test_list_of_unknown_trunk_raises_trunk_not_found(api, rsps, status, envelope):
    PHONE_NUMBERS.fails(rsps, 'GET', envelope, status=status)
    with pytest.raises(TrunkNotFound):
        api.list(TRUNK_SID)


# -- trunk-maps ------------------------------------------------------------------------------------

def test_lookup_mapped_here(api, rsps):
    trunk_map(rsps, trunk=TRUNK_SID, ident=41512, mode='flow')
    found, mapping = api.lookup(PHONE_NUMBER)
    assert found is True
    assert mapping == {'id': '41512', 'phone_number': PHONE_NUMBER, 'trunk_sid': TRUNK_SID, 'mode': 'flow',
                       'date_created': None, 'date_updated': None}
    assert conversation(rsps.calls) == [('GET', '/v2/accounts/exotel_test/trunk-maps?exophone=%2B919876543210', None)]


def test_lookup_keeps_a_null_mode(api, rsps):
    trunk_map(rsps, trunk=OTHER_TRUNK_SID)
    assert api.lookup(PHONE_NUMBER)[1]['mode'] is None


def test_lookup_not_mapped(api, rsps):
    trunk_map(rsps)
    assert api.lookup(PHONE_NUMBER) == (False, None)


@pytest.mark.parametrize('answer', [
    dict(json=single({'exophone': '+910000000000', 'trunk_sid': TRUNK_SID, 'phone_number_id': '1'})),
    dict(json=single({'exophone': PHONE_NUMBER, 'trunk_sid': None, 'phone_number_id': '1'})),
    dict(json=single({'exophone': PHONE_NUMBER, 'trunk_sid': TRUNK_SID, 'phone_number_id': ''})),
    dict(json=listing([])),
    dict(body='<html>not json</html>'),
    dict(status=400, json=error(400, 1001, 'Mandatory Parameter missing')),
], ids=['other-number', 'no-trunk', 'no-id', 'list-shape', 'not-json', 'http-400'])
def test_lookup_that_cannot_be_understood_is_none(api, rsps, answer):
    trunk_map(rsps, **answer)
    assert api.lookup(PHONE_NUMBER) == (None, None)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize('status, envelope, cls', [
    (401, unauthorized(), ExotelAuthError),
    (429, error(429, 429, 'Too Many Requests'), ExotelRateLimitError),
    (500, error(500, 500, 'Internal Server Error'), ExotelAPIError),
])
def test_lookup_raises_what_a_fallback_cannot_fix(api, rsps, status, envelope, cls):
    trunk_map(rsps, status=status, json=envelope)
    with pytest.raises(cls) as info:
        api.lookup(PHONE_NUMBER)
    assert info.value.http_status == status
    assert rsps.calls[0].request.url.startswith(TRUNK_MAPS_URL)
