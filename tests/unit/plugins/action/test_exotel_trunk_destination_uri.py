# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_destination_uri as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_destination_uri as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    DESTINATION_URI_FIELDS, DESTINATION_URIS, TRUNK_SID, api_destination_uri, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN

DESTINATION = '44.248.146.11:5061;transport=tls'
POST_BODY = {'destinations': [{'destination': DESTINATION}]}


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_adds_a_destination_in_process(rsps):
    DESTINATION_URIS.listed(rsps, [])
    DESTINATION_URIS.created(rsps, api_destination_uri(), body=POST_BODY)
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID, destination=DESTINATION))
    assert result['changed'] is True and result['failed'] is False
    assert result['destination_uri'] == normalised(api_destination_uri(), DESTINATION_URI_FIELDS)
    assert conversation(rsps.calls) == [('GET', DESTINATION_URIS.path() + '?offset=0&page_size=50', None),
                                        ('POST', DESTINATION_URIS.path(), POST_BODY)]
