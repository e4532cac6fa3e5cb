# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.action import exotel_trunk as action
from ansible_collections.exotel.trunking.plugins.modules import exotel_trunk as module
from ansible_collections.exotel.trunking.plugins.plugin_utils._action import ExotelAction
from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import in_process, spec_run_by_main
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    DOMAIN, TRUNK_FIELDS, TRUNK_NAME, TRUNKS, api_trunk, conversation, normalised)
from ansible_collections.exotel.trunking.tests.unit.utils import CONN

CREATE_BODY = {'trunk_name': TRUNK_NAME, 'nso_code': 'ANY-ANY', 'domain_name': DOMAIN}


def test_the_action_runs_the_spec_the_module_runs():
    assert issubclass(action.ActionModule, ExotelAction)
    assert action.ActionModule.SPEC is spec_run_by_main(module)


def test_creates_a_trunk_in_process(rsps):
    TRUNKS.listed(rsps, [])
    TRUNKS.created(rsps, api_trunk(), body=CREATE_BODY)
    result = in_process(action.ActionModule.SPEC, dict(CONN, trunk_name=TRUNK_NAME), diff=True)
    assert result['changed'] is True and result['failed'] is False
    assert result['trunk'] == normalised(api_trunk(), TRUNK_FIELDS)
    assert result['diff'] == {'before': {}, 'after': result['trunk']}
    assert conversation(rsps.calls) == [('GET', TRUNKS.path() + '?offset=0&page_size=50', None), ('POST', TRUNKS.path(), CREATE_BODY)]
