# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The destination-URI API: the batch POST (and its 207 answer), the routing PUT, the delete."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_destination_uris import (
    DESTINATION_URI_FIELDS,
    DestinationURIAPI,
    DestinationURIWant,
)
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError, ExotelOutcomeUnknownError, TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    DESTINATION_URIS,
    TRUNK_SID,
    api_destination_uri,
    conversation,
    make_client,
)
from ansible_collections.exotel.trunking.tests.unit.utils import batch, item_error, not_found

WANT = DestinationURIWant('44.248.146.11:5061;transport=tls', None, None)
POST_BODY = {'destinations': [{'destination': '44.248.146.11:5061;transport=tls'}]}


@pytest.fixture
def api():
    return DestinationURIAPI(make_client())


def test_create_is_a_batch_post_of_one_destination(api, rsps):
    DESTINATION_URIS.created(rsps, api_destination_uri(), body=POST_BODY)
    assert api.create(TRUNK_SID, WANT) == api_destination_uri()
    assert conversation(rsps.calls) == [('POST', DESTINATION_URIS.path(), POST_BODY)]
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'


def test_create_never_sends_priority_or_weight(api, rsps):
    DESTINATION_URIS.created(rsps, api_destination_uri(), body=POST_BODY)
    api.create(TRUNK_SID, DestinationURIWant('44.248.146.11:5061;transport=tls', 3, 9))
    assert conversation(rsps.calls)[0][2] == POST_BODY


def test_create_207_raises_the_failed_items_error(api, rsps):
    DESTINATION_URIS.fails(rsps, 'POST', batch([item_error(description='Destination not whitelisted')]))
    with pytest.raises(ExotelAPIError) as info:
        api.create(TRUNK_SID, WANT)
    assert info.value.description == 'Destination not whitelisted'
    assert 'item 1 of 1 failed' in str(info.value)


@pytest.mark.parametrize('results', [[], [{'code': 200, 'error_data': None, 'status': 'success', 'data': None}]], ids=['empty', 'no-data'])
def test_create_answer_without_an_item_is_outcome_unknown(api, rsps, results):
    DESTINATION_URIS.fails(rsps, 'POST', batch(results))
    with pytest.raises(ExotelOutcomeUnknownError) as info:
        api.create(TRUNK_SID, WANT)
    assert 'may or may not have been added' in str(info.value)
    assert info.value.method == 'POST' and info.value.path == DESTINATION_URIS.path()


def test_set_routing_puts_both_fields(api, rsps):
    DESTINATION_URIS.updated(rsps, api_destination_uri(priority=1, weight=5), body={'priority': 1, 'weight': 5})
    assert api.set_routing(TRUNK_SID, api_destination_uri(), 1, 5)['weight'] == 5
    assert conversation(rsps.calls) == [('PUT', DESTINATION_URIS.path(TRUNK_SID, '2543'), {'priority': 1, 'weight': 5})]


def test_delete_by_id_query(api, rsps):
    DESTINATION_URIS.deleted(rsps, api_destination_uri())
    assert api.delete(TRUNK_SID, '2543') == api_destination_uri()
    assert conversation(rsps.calls) == [('DELETE', DESTINATION_URIS.path() + '?id=2543', None)]


def test_list_keeps_the_sip_prefix_as_stored(api, rsps):
    DESTINATION_URIS.listed(rsps, [dict(api_destination_uri(ident=2543), extra=1)])
    items = api.list(TRUNK_SID)
    assert items == [api_destination_uri()]
    assert tuple(items[0]) == DESTINATION_URI_FIELDS


def test_list_of_unknown_trunk(api, rsps):
    DESTINATION_URIS.fails(rsps, 'GET', not_found(), status=404)
    with pytest.raises(TrunkNotFound):
        api.list(TRUNK_SID)
