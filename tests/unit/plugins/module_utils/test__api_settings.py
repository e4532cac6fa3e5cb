# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The settings API: the batch upsert, the delete by name, values as text."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_settings import SETTING_FIELDS, SettingAPI, SettingWant
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError, ExotelOutcomeUnknownError, TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    SETTINGS,
    TRUNK_SID,
    api_setting,
    conversation,
    make_client,
)
from ansible_collections.exotel.trunking.tests.unit.utils import batch, item, item_error, not_found

NAME = 'trunk_external_alias'
BODY = {'settings': [{'name': NAME, 'value': '+919876543210'}]}


@pytest.fixture
def api():
    return SettingAPI(make_client())


@pytest.mark.parametrize('given, expected', [('+919876543210', '+919876543210'), (919876543210, '919876543210'), (None, None)])
def test_normalise_value_as_text(given, expected):
    result = SettingAPI(None).normalise(api_setting(value=given))
    assert result['value'] == expected
    assert tuple(result) == SETTING_FIELDS


def test_set_is_a_batch_post_of_one_setting(api, rsps):
    SETTINGS.created(rsps, api_setting(), body=BODY)
    assert api.set(TRUNK_SID, SettingWant(NAME, '+919876543210')) == api_setting()
    assert conversation(rsps.calls) == [('POST', SETTINGS.path(), BODY)]
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'


def test_set_picks_the_item_of_its_name(api, rsps):
    SETTINGS.fails(rsps, 'POST', batch([item(api_setting(name='other', value='1')), item(api_setting())]))
    assert api.set(TRUNK_SID, SettingWant(NAME, '+919876543210'))['name'] == NAME


@pytest.mark.parametrize('results', [[], [item(api_setting(name='other'))], [item(None)]], ids=['empty', 'other-name', 'no-data'])
def test_set_answer_without_the_setting_is_outcome_unknown(api, rsps, results):
    SETTINGS.fails(rsps, 'POST', batch(results))
    with pytest.raises(ExotelOutcomeUnknownError) as info:
        api.set(TRUNK_SID, SettingWant(NAME, '+919876543210'))
    assert 'does not include setting %s' % NAME in str(info.value)


def test_set_failed_item_raises_its_error(api, rsps):
    SETTINGS.fails(rsps, 'POST', batch([item_error(description='Invalid caller id')]))
    with pytest.raises(ExotelAPIError) as info:
        api.set(TRUNK_SID, SettingWant(NAME, '+919876543210'))
    assert info.value.description == 'Invalid caller id'


def test_delete_takes_the_name_as_query(api, rsps):
    SETTINGS.deleted(rsps, api_setting())
    assert api.delete(TRUNK_SID, NAME) == api_setting()
    assert conversation(rsps.calls) == [('DELETE', SETTINGS.path() + '?name=' + NAME, None)]


def test_list_of_unknown_trunk(api, rsps):
    SETTINGS.fails(rsps, 'GET', not_found(), status=404)
    with pytest.raises(TrunkNotFound):
        api.list(TRUNK_SID)
