# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whitelisted-IP API: exact requests, and the mask normalised to an integer."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_whitelisted_ips import (
    WHITELISTED_IP_FIELDS,
    WhitelistedIPAPI,
    WhitelistedIPWant,
)
from ansible_collections.exotel.trunking.plugins.module_utils._errors import TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    TRUNK_SID,
    WHITELISTED_IPS,
    api_whitelisted_ip,
    conversation,
    make_client,
)
from ansible_collections.exotel.trunking.tests.unit.utils import forbidden, not_found


@pytest.fixture
def api():
    return WhitelistedIPAPI(make_client())


@pytest.mark.parametrize('given, expected', [(24, 24), ('24', 24), (None, None), ('wide', 'wide')])
def test_normalise_makes_the_mask_an_integer_when_it_is_one(given, expected):
    assert WhitelistedIPAPI(None).normalise(api_whitelisted_ip(mask=given))['mask'] == expected


def test_normalise_fixed_keys_and_text_id():
    result = WhitelistedIPAPI(None).normalise({'id': 1153, 'ip': '10.0.0.1', 'extra': True})
    assert tuple(result) == WHITELISTED_IP_FIELDS
    assert result['id'] == '1153' and result['friendly_name'] is None and 'extra' not in result


def test_create_posts_ip_and_mask(api, rsps):
    WHITELISTED_IPS.created(rsps, api_whitelisted_ip(mask='24'), body={'ip': '44.248.146.11', 'mask': 24})
    assert api.create(TRUNK_SID, WhitelistedIPWant('44.248.146.11', 24)) == api_whitelisted_ip(mask=24)
    assert conversation(rsps.calls) == [('POST', WHITELISTED_IPS.path(), {'ip': '44.248.146.11', 'mask': 24})]
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'


def test_set_mask_puts_both_fields(api, rsps):
    WHITELISTED_IPS.updated(rsps, api_whitelisted_ip(mask=16), body={'ip': '44.248.146.11', 'mask': 16})
    assert api.set_mask(TRUNK_SID, api_whitelisted_ip(), 16)['mask'] == 16
    assert conversation(rsps.calls) == [('PUT', WHITELISTED_IPS.path(TRUNK_SID, '1153'), {'ip': '44.248.146.11', 'mask': 16})]


def test_delete_by_id_query(api, rsps):
    WHITELISTED_IPS.deleted(rsps, api_whitelisted_ip())
    assert api.delete(TRUNK_SID, '1153') == api_whitelisted_ip()
    assert conversation(rsps.calls) == [('DELETE', WHITELISTED_IPS.path() + '?id=1153', None)]


def test_list_empty_without_metadata(api, rsps):
    WHITELISTED_IPS.listed(rsps, [], metadata=False)
    assert api.list(TRUNK_SID) == []


@pytest.mark.parametrize('status, envelope', [(404, not_found()), (403, forbidden())], ids=['404', '403'])
def test_list_of_unknown_trunk(api, rsps, status, envelope):
    WHITELISTED_IPS.fails(rsps, 'GET', envelope, status=status)
    with pytest.raises(TrunkNotFound):
        api.list(TRUNK_SID)
