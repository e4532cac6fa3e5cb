# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The settings engine: settings by name, the upsert POST for create and update, duplicate answers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils._api_settings import SettingAPI, SettingWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import CREATE, DELETE, UPDATE
from ansible_collections.exotel.trunking.plugins.module_utils._engine_settings import SettingEngine
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelDuplicateError
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
    SETTINGS,
    TRUNK_SID,
    EngineContext,
    api_setting,
    conversation,
    make_client,
)
from ansible_collections.exotel.trunking.tests.unit.utils import duplicate

NAME = 'trunk_external_alias'
OLD, NEW = '+919876543210', '+918040264208'


def engine(check_mode=False):
    return SettingEngine(SettingAPI(make_client()), EngineContext(check_mode=check_mode))


def body(value):
    return {'settings': [{'name': NAME, 'value': value}]}


def test_identity_is_the_name():
    eng = engine()
    assert eng.key(api_setting()) == NAME and eng.identity(api_setting()) == NAME and eng.want_key(SettingWant(NAME, NEW)) == NAME
    assert eng.view(api_setting()) == {'name': NAME, 'value': OLD}


def test_plan_create_update_nothing_purge():
    items = [api_setting(), api_setting(name='b_other', value='1'), api_setting(name='z_same', value='2')]
    wants = [SettingWant(NAME, NEW), SettingWant('z_same', '2'), SettingWant('a_new', '3')]
    changes, unchanged = engine().plan(TRUNK_SID, items, wants, purge=True)
    assert [(c.action, c.key) for c in changes] == [(CREATE, 'a_new'), (UPDATE, NAME), (DELETE, 'b_other')]
    assert changes[0].after == {'name': 'a_new', 'value': '3', 'trunk_sid': TRUNK_SID, 'date_created': None, 'date_updated': None}
    assert changes[1].body == {'value': NEW} and changes[1].after == api_setting(value=NEW)
    assert unchanged == [items[2]]


def test_check_mode_sends_nothing(rsps):
    eng = engine(check_mode=True)
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [api_setting()], SettingWant(NAME, NEW))[0])
    assert outcome.item == api_setting(value=NEW) and outcome.changed
    assert len(rsps.calls) == 0


@pytest.mark.parametrize('items', [[], [api_setting()]], ids=['create', 'update'])
def test_create_and_update_are_the_same_upsert(rsps, items):
    SETTINGS.created(rsps, api_setting(value=NEW), body=body(NEW))
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, items, SettingWant(NAME, NEW))[0])
    assert outcome.item == api_setting(value=NEW) and outcome.changed
    assert conversation(rsps.calls) == [('POST', SETTINGS.path(), body(NEW))]


def test_delete_by_name(rsps):
    SETTINGS.deleted(rsps, api_setting())
    eng = engine()
    outcome = eng.apply(eng.plan_absent(TRUNK_SID, [api_setting()], NAME)[0])
    assert outcome.changed and outcome.item == api_setting()
    assert conversation(rsps.calls) == [('DELETE', SETTINGS.path() + '?name=' + NAME, None)]


def test_duplicate_answer_to_a_create_accepted_when_the_value_is_in_place(rsps):
    SETTINGS.fails(rsps, 'POST', duplicate('Setting already exists'))
    SETTINGS.listed(rsps, [api_setting(value=NEW)])
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [], SettingWant(NAME, NEW))[0])
    assert outcome.changed and outcome.item == api_setting(value=NEW) and outcome.before is None


def test_duplicate_answer_to_an_update_accepted_when_the_value_is_in_place(rsps):
    SETTINGS.fails(rsps, 'POST', duplicate('Setting already exists'))
    SETTINGS.listed(rsps, [api_setting(value=NEW)])
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [api_setting()], SettingWant(NAME, NEW))[0])
    assert outcome.changed and outcome.item == api_setting(value=NEW) and outcome.before == api_setting()


@pytest.mark.parametrize('listed', [[], [api_setting(value=OLD)]], ids=['missing', 'other-value'])
def test_duplicate_answer_otherwise_fails(rsps, listed):
    SETTINGS.fails(rsps, 'POST', duplicate('Setting already exists'))
    SETTINGS.listed(rsps, listed)
    eng = engine()
    with pytest.raises(ExotelDuplicateError):
        eng.apply(eng.plan_present(TRUNK_SID, [api_setting(value='+911111111111')] if listed else [], SettingWant(NAME, NEW))[0])


def test_lost_answer_re_reads_the_setting(rsps):
    SETTINGS.lost(rsps, 'POST')
    SETTINGS.listed(rsps, [api_setting(value=NEW)])
    eng = engine()
    outcome = eng.apply(eng.plan_present(TRUNK_SID, [api_setting()], SettingWant(NAME, NEW))[0])
    assert outcome.item == api_setting(value=NEW)
    assert [c[0] for c in conversation(rsps.calls)] == ['POST', 'GET']
