# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_phone_numbers as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_phone_numbers as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    MAPPING_FIELDS, PHONE_NUMBER, PHONE_NUMBERS, TRUNK_SID, api_mapping, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN

OTHER_NUMBER = '+918040264208'


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_maps_the_missing_number_in_process(rsps):
    PHONE_NUMBERS.listed(rsps, [api_mapping()])
    PHONE_NUMBERS.created(rsps, api_mapping(number=OTHER_NUMBER, ident='41523', mode='flow'),
                          body={'phone_number': OTHER_NUMBER, 'mode': 'flow'})
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID,
                                                       phone_numbers=[PHONE_NUMBER, {'phone_number': OTHER_NUMBER, 'mode': 'flow'}]))
    assert result['changed'] is True and result['failed'] is False
    assert dict((k, result[k]) for k in ('created', 'updated', 'deleted', 'unchanged')) == dict(created=1, updated=0, deleted=0, unchanged=1)
    assert result['mappings'] == [normalised(api_mapping(number=OTHER_NUMBER, ident='41523', mode='flow'), MAPPING_FIELDS),
                                  normalised(api_mapping(), MAPPING_FIELDS)]
    assert conversation(rsps.calls) == [
        ('GET', PHONE_NUMBERS.path() + '?offset=0&page_size=50', None),
        ('POST', PHONE_NUMBERS.path(), {'phone_number': OTHER_NUMBER, 'mode': 'flow'}),
    ]
