# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_phone_number_info as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_phone_number_info as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    MAPPING_FIELDS, PHONE_NUMBERS, TRUNK_SID, api_mapping, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_lists_the_mappings_in_process(rsps):
    mappings = [api_mapping(), api_mapping(number='+918040264208', ident='41523', mode='flow')]
    PHONE_NUMBERS.listed(rsps, mappings)
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID))
    assert result['changed'] is False and result['failed'] is False
    assert result['mappings'] == [normalised(m, MAPPING_FIELDS) for m in mappings]
    assert conversation(rsps.calls) == [('GET', PHONE_NUMBERS.path() + '?offset=0&page_size=50', None)]
