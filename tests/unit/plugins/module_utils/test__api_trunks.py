# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The trunk API: exact requests from value objects, and trunks normalised to their fixed keys."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_trunks import TRUNK_FIELDS, TrunkAPI, TrunkWant, normalise
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelForbiddenError, ExotelNotFoundError
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    DOMAIN,
    OTHER_TRUNK_SID,
    TRUNK_SID,
    TRUNKS,
    api_trunk,
    conversation,
    make_client,
    normalised,
)
from ansible_collections.exotel.trunking.tests.unit.utils import forbidden, not_found


@pytest.fixture
def api():
    return TrunkAPI(make_client())


def test_normalise_keeps_the_fixed_keys_and_drops_the_nested_paths():
    result = normalise(api_trunk())
    assert tuple(result) == TRUNK_FIELDS
    assert 'phone_numbers' not in result and 'credentials' not in result
    assert result['trunk_sid'] == TRUNK_SID and result['nso_code'] == 'ANY-ANY'


def test_normalise_fills_missing_keys_with_none():
    assert normalise({'trunk_sid': TRUNK_SID}) == dict((k, TRUNK_SID if k == 'trunk_sid' else None) for k in TRUNK_FIELDS)


def test_list_reads_every_page(api, rsps):
    TRUNKS.listed(rsps, [api_trunk(name='t%d' % i, sid='trmum1%018x1a1n' % i) for i in range(50)], next_page=True)
    TRUNKS.listed(rsps, [api_trunk()], offset=50)
    trunks = api.list()
    assert len(trunks) == 51 and trunks[-1] == normalised(api_trunk(), TRUNK_FIELDS)
    assert [c[1] for c in conversation(rsps.calls)] == [TRUNKS.path() + '?offset=0&page_size=50', TRUNKS.path() + '?offset=50&page_size=50']


def test_list_by_sid_asks_the_server_to_filter(api, rsps):
    TRUNKS.listed(rsps, [api_trunk()], query={'trunk_sid': TRUNK_SID})
    assert api.list(TRUNK_SID) == [normalised(api_trunk(), TRUNK_FIELDS)]
    assert conversation(rsps.calls) == [('GET', TRUNKS.path() + '?trunk_sid=%s&offset=0&page_size=50' % TRUNK_SID, None)]


def test_list_by_sid_filters_again_when_the_server_ignores_the_filter(api, rsps):
    TRUNKS.listed(rsps, [api_trunk(sid=OTHER_TRUNK_SID, name='other'), api_trunk()], query={'trunk_sid': TRUNK_SID})
    assert [t['trunk_sid'] for t in api.list(TRUNK_SID)] == [TRUNK_SID]


@pytest.mark.parametrize('status, envelope', [(404, not_found()), (403, forbidden())], ids=['404', '403'])
def test_list_by_unknown_sid_is_empty(api, rsps, status, envelope):
    TRUNKS.fails(rsps, 'GET', envelope, status=status)
    assert api.list(TRUNK_SID) == []
    assert len(rsps.calls) == 1


@pytest.mark.parametrize('status, envelope, cls', [(404, not_found(), ExotelNotFoundError), (403, forbidden(), ExotelForbiddenError)])
def test_list_of_all_trunks_does_not_hide_a_missing_answer(api, rsps, status, envelope, cls):
    TRUNKS.fails(rsps, 'GET', envelope, status=status)
    with pytest.raises(cls):
        api.list()


@pytest.mark.parametrize('listed, expected', [([api_trunk()], True), ([], False)])
def test_exists(api, rsps, listed, expected):
    TRUNKS.listed(rsps, listed, query={'trunk_sid': TRUNK_SID})
    assert api.exists(TRUNK_SID) is expected


def test_create_posts_exactly_the_three_fields(api, rsps):
    body = {'trunk_name': 'outbound_trunk', 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN}
    TRUNKS.created(rsps, api_trunk(), body=body)
    assert api.create(TrunkWant('outbound_trunk', 'ANY-ANY', DOMAIN)) == normalised(api_trunk(), TRUNK_FIELDS)
    assert conversation(rsps.calls) == [('POST', TRUNKS.path(), body)]
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'


def test_update_puts_only_the_changes_to_the_trunk_path(api, rsps):
    TRUNKS.updated(rsps, api_trunk(nso_code='IN-IN'), body={'nso_code': 'IN-IN'})
    assert api.update(TRUNK_SID, {'nso_code': 'IN-IN'})['nso_code'] == 'IN-IN'
    assert conversation(rsps.calls) == [('PUT', TRUNKS.path(None, TRUNK_SID), {'nso_code': 'IN-IN'})]


def test_delete_takes_the_sid_as_query_and_returns_the_deleted_trunk(api, rsps):
    TRUNKS.deleted(rsps, api_trunk())
    assert api.delete(TRUNK_SID) == normalised(api_trunk(), TRUNK_FIELDS)
    assert conversation(rsps.calls) == [('DELETE', TRUNKS.path() + '?trunk_sid=' + TRUNK_SID, None)]
