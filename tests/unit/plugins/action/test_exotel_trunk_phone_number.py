# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_phone_number as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_phone_number as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    ACCOUNT_PATH, MAPPING_FIELDS, PHONE_NUMBER, PHONE_NUMBERS, TRUNK_SID, TRUNKS, api_mapping, conversation, normalised, trunk_exists,
    trunk_map)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_maps_a_number_in_process(rsps):
    trunk_map(rsps)
    trunk_exists(rsps)
    PHONE_NUMBERS.created(rsps, api_mapping(mode='flow'), body={'phone_number': PHONE_NUMBER, 'mode': 'flow'})
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID, phone_number=PHONE_NUMBER, mode='flow'))
    assert result['changed'] is True and result['failed'] is False
    assert result['mapping'] == normalised(api_mapping(mode='flow'), MAPPING_FIELDS)
    assert conversation(rsps.calls) == [
        ('GET', ACCOUNT_PATH + '/trunk-maps?exophone=%2B919876543210', None),
        ('GET', TRUNKS.path() + '?trunk_sid=%s&offset=0&page_size=50' % TRUNK_SID, None),
        ('POST', PHONE_NUMBERS.path(), {'phone_number': PHONE_NUMBER, 'mode': 'flow'}),
    ]
