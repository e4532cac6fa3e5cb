# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The credential API: exact requests, and no password in any item it returns."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_credentials import CREDENTIAL_FIELDS, CredentialAPI, CredentialWant
from ansible_collections.exotel.trunking.plugins.module_utils._errors import TrunkNotFound
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    CREDENTIALS,
    TRUNK_SID,
    api_credential,
    conversation,
    make_client,
)
from ansible_collections.exotel.trunking.tests.unit.utils import forbidden

PASSWORD = 'Zq7_unique_pw_9431'


@pytest.fixture
def api():
    return CredentialAPI(make_client())


def test_create_sends_name_and_password(api, rsps):
    CREDENTIALS.created(rsps, api_credential(friendly_name=None), body={'user_name': 'voice_ai_user', 'password': PASSWORD})
    assert api.create(TRUNK_SID, CredentialWant('voice_ai_user', PASSWORD, None)) == api_credential(friendly_name=None)
    assert rsps.calls[0].request.headers['Content-Type'] == 'application/json'


@pytest.mark.parametrize('friendly_name', ['voice_ai_platform', ''])
def test_create_sends_a_given_friendly_name_even_empty(api, rsps, friendly_name):
    body = {'user_name': 'voice_ai_user', 'password': PASSWORD, 'friendly_name': friendly_name}
    CREDENTIALS.created(rsps, api_credential(), body=body)
    api.create(TRUNK_SID, CredentialWant('voice_ai_user', PASSWORD, friendly_name))
    assert conversation(rsps.calls) == [('POST', CREDENTIALS.path(), body)]


def test_an_echoed_password_never_reaches_the_item(api, rsps):
    CREDENTIALS.created(rsps, dict(api_credential(), password=PASSWORD))
    created = api.create(TRUNK_SID, CredentialWant('voice_ai_user', PASSWORD, None))
    assert 'password' not in created and PASSWORD not in repr(created)
    assert tuple(created) == CREDENTIAL_FIELDS


def test_update_puts_only_the_changes_to_the_id_path(api, rsps):
    CREDENTIALS.updated(rsps, api_credential(friendly_name='x'), body={'friendly_name': 'x'})
    assert api.update(TRUNK_SID, api_credential(), {'friendly_name': 'x'})['friendly_name'] == 'x'
    assert conversation(rsps.calls) == [('PUT', CREDENTIALS.path(TRUNK_SID, '1234'), {'friendly_name': 'x'})]


def test_delete_by_id_query(api, rsps):
    CREDENTIALS.deleted(rsps, api_credential())
    assert api.delete(TRUNK_SID, '1234') == api_credential()
    assert conversation(rsps.calls) == [('DELETE', CREDENTIALS.path() + '?id=1234', None)]


def test_list_empty_without_metadata(api, rsps):
    CREDENTIALS.listed(rsps, [], metadata=False)
    assert api.list(TRUNK_SID) == []


def test_list_of_unknown_trunk(api, rsps):
    CREDENTIALS.fails(rsps, 'GET', forbidden(), status=403)
    with pytest.raises(TrunkNotFound):
        api.list(TRUNK_SID)
