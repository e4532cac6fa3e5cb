# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk_whitelisted_ip as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk_whitelisted_ip as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    TRUNK_SID, WHITELISTED_IP_FIELDS, WHITELISTED_IPS, api_whitelisted_ip, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_an_ip_already_allowed_is_left_alone_in_process(rsps):
    WHITELISTED_IPS.listed(rsps, [api_whitelisted_ip()])
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_sid=TRUNK_SID, ip='44.248.146.11'))
    assert result['changed'] is False and result['failed'] is False
    assert result['whitelisted_ip'] == normalised(api_whitelisted_ip(), WHITELISTED_IP_FIELDS)
    assert conversation(rsps.calls) == [('GET', WHITELISTED_IPS.path() + '?offset=0&page_size=50', None)]
