# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_credential as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_credential as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import MASK, in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    CREDENTIAL_FIELDS, CREDENTIALS, TRUNK_SID, api_credential, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN, TOKEN

PASSWORD = 'Zq7_unique_pw_9431'
POST_BODY = {'user_name': 'voice_ai_user', 'password': PASSWORD}


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_creates_a_credential_in_process_without_echoing_the_password(rsps):
    CREDENTIALS.listed(rsps, [], metadata=False)
    CREDENTIALS.created(rsps, api_credential(friendly_name=None), body=POST_BODY)
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID, user_name='voice_ai_user', password=PASSWORD))
    assert result['changed'] is True and result['failed'] is False
    assert result['credential'] == normalised(api_credential(friendly_name=None), CREDENTIAL_FIELDS)
    assert result['invocation']['module_args']['password'] == MASK
    assert PASSWORD not in json.dumps(result) and TOKEN not in json.dumps(result)
    assert conversation(rsps.calls) == [('GET', CREDENTIALS.path() + '?offset=0&page_size=50', None), ('POST', CREDENTIALS.path(), POST_BODY)]
