# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_setting as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_setting as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    PHONE_NUMBER, SETTING_FIELDS, SETTINGS, TRUNK_SID, api_setting, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_a_setting_already_set_is_left_alone_in_process(rsps):
    SETTINGS.listed(rsps, [api_setting()])
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID, name='trunk_external_alias', value=PHONE_NUMBER),
                        check_mode=True, diff=True)
    assert result['changed'] is False and result['failed'] is False
    assert result['setting'] == normalised(api_setting(), SETTING_FIELDS)
    assert result['diff'] == {'before': result['setting'], 'after': result['setting']}
    assert conversation(rsps.calls) == [('GET', SETTINGS.path() + '?offset=0&page_size=50', None)]
