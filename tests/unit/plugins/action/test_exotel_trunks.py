# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunks as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunks as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    CREDENTIALS, DESTINATION_URIS, DOMAIN, PHONE_NUMBERS, SETTINGS, TRUNK_NAME, TRUNKS, WHITELISTED_IPS, api_trunk, conversation)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN

KINDS = (PHONE_NUMBERS, WHITELISTED_IPS, DESTINATION_URIS, CREDENTIALS, SETTINGS)


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_gathers_a_trunk_in_process(rsps):
    TRUNKS.listed(rsps, [api_trunk()])
    for kind in KINDS:
        kind.listed(rsps, [])
    result = in_process(action.ActionModule.SPEC, dict(CONN, state='gathered'))
    assert result['changed'] is False and result['failed'] is False
    assert result['gathered'] == [{'trunk_name': TRUNK_NAME, 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN, 'phone_numbers': [],
                                   'whitelisted_ips': [], 'destination_uris': [], 'credentials': [], 'settings': {}}]
    assert conversation(rsps.calls) == [('GET', path + '?offset=0&page_size=50', None)
                                        for path in [TRUNKS.path()] + [kind.path() for kind in KINDS]]
