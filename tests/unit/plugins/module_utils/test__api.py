# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared per-kind API base: fixed keys, ids as text, one trunk's collection paths, list/put/delete."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api import CollectionAPI, id_as_text, pick
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError, TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    TRUNK_SID,
    WHITELISTED_IPS,
    api_whitelisted_ip,
    conversation,
    make_client,
)
from ansible_collections.exotel.trunking.tests.unit.utils import error, forbidden, not_found


class ThingAPI(CollectionAPI):
    """The smallest kind: the base class with nothing of its own (it reuses the whitelisted-IP collection's path)."""
    collection = 'whitelisted-ips'
    fields = ('id', 'ip')


@pytest.fixture
def api():
    return ThingAPI(make_client())


def test_pick_keeps_exactly_the_fields_in_order_missing_ones_none():
    assert list(pick({'b': 2, 'a': 1, 'z': 9}, ('a', 'b', 'c')).items()) == [('a', 1), ('b', 2), ('c', None)]


@pytest.mark.parametrize('given, expected', [(1153, '1153'), ('1153', '1153'), (None, None)])
def test_id_as_text(given, expected):
    assert id_as_text({'id': given}) == {'id': expected}


def test_id_as_text_leaves_an_item_without_id_alone():
    assert id_as_text({'name': 'x'}) == {'name': 'x'}


def test_path_url_encodes_every_segment(api):
    assert api.path('a/../b', '7?x') == '/v2/accounts/exotel_test/trunks/a%2F..%2Fb/whitelisted-ips/7%3Fx'


def test_list_reads_every_page_and_normalises(api, rsps):
    first = [api_whitelisted_ip(ip='10.0.0.%d' % i, ident=i) for i in range(50)]
    WHITELISTED_IPS.listed(rsps, first, next_page=True)
    WHITELISTED_IPS.listed(rsps, [api_whitelisted_ip()], offset=50)
    items = api.list(TRUNK_SID)
    assert len(items) == 51
    assert items[0] == {'id': '0', 'ip': '10.0.0.0'}
    assert items[-1] == {'id': '1153', 'ip': '44.248.146.11'}
    assert [c[1] for c in conversation(rsps.calls)] == [
        WHITELISTED_IPS.path() + '?offset=0&page_size=50', WHITELISTED_IPS.path() + '?offset=50&page_size=50']


@pytest.mark.parametrize('status, envelope', [(404, not_found()), (403, forbidden())], ids=['404', '403'])
def test_list_of_an_unknown_trunk_raises_trunk_not_found(api, rsps, status, envelope):
    WHITELISTED_IPS.fails(rsps, 'GET', envelope, status=status)
    with pytest.raises(TrunkNotFound) as info:
        api.list(TRUNK_SID)
    assert info.value.trunk_sid == TRUNK_SID


def test_list_other_errors_pass_through(api, rsps):
    WHITELISTED_IPS.fails(rsps, 'GET', error(400, 1002, 'Invalid parameter'))
    with pytest.raises(ExotelAPIError) as info:
        api.list(TRUNK_SID)
    assert info.value.http_status == 400 and not isinstance(info.value, TrunkNotFound)


def test_delete_sends_the_id_as_query_without_body_and_returns_the_deleted_item(api, rsps):
    WHITELISTED_IPS.deleted(rsps, api_whitelisted_ip(ident=1153))
    assert api.delete(TRUNK_SID, '1153') == {'id': '1153', 'ip': '44.248.146.11'}
    assert conversation(rsps.calls) == [('DELETE', WHITELISTED_IPS.path() + '?id=1153', None)]
    assert 'Content-Type' not in rsps.calls[0].request.headers


def test_put_sends_the_id_in_the_path_with_a_json_body(api, rsps):
    WHITELISTED_IPS.updated(rsps, api_whitelisted_ip(mask=24), body={'ip': '44.248.146.11', 'mask': 24})
    assert api.put(TRUNK_SID, '1153', {'ip': '44.248.146.11', 'mask': 24}) == {'id': '1153', 'ip': '44.248.146.11'}
    assert conversation(rsps.calls) == [('PUT', WHITELISTED_IPS.path(TRUNK_SID, '1153'), {'ip': '44.248.146.11', 'mask': 24})]
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'
